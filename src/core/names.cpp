#include "core/names.hpp"

#include <array>
#include <utility>

namespace baton::core {
namespace {

template <class Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<Role, 2> kRoles{{{Role::admin, "admin"}, {Role::agent, "agent"}}};
constexpr NameTable<Presence, 3> kPresences{
    {{Presence::online, "online"}, {Presence::away, "away"}, {Presence::offline, "offline"}}};
constexpr NameTable<Channel, 2> kChannels{{{Channel::web, "web"}, {Channel::line, "line"}}};
constexpr NameTable<Status, 4> kStatuses{
    {{Status::ai, "ai"}, {Status::waiting, "waiting"}, {Status::live, "live"}, {Status::done, "done"}}};
constexpr NameTable<Sender, 4> kSenders{
    {{Sender::customer, "customer"}, {Sender::ai, "ai"}, {Sender::agent, "agent"}, {Sender::system, "system"}}};
constexpr NameTable<SystemEvent, 9> kEvents{{{SystemEvent::none, ""},
                                             {SystemEvent::handoff_requested, "handoff_requested"},
                                             {SystemEvent::no_agents_online, "no_agents_online"},
                                             {SystemEvent::agent_joined, "agent_joined"},
                                             {SystemEvent::conversation_done, "conversation_done"},
                                             {SystemEvent::reactivated, "reactivated"},
                                             {SystemEvent::live_agent_disabled, "live_agent_disabled"},
                                             {SystemEvent::customer_unfollowed, "customer_unfollowed"},
                                             {SystemEvent::csat_requested, "csat_requested"}}};
constexpr NameTable<AttachmentKind, 4> kAttachmentKinds{{{AttachmentKind::image, "image"},
                                                         {AttachmentKind::video, "video"},
                                                         {AttachmentKind::audio, "audio"},
                                                         {AttachmentKind::file, "file"}}};
constexpr NameTable<AttachmentStatus, 4> kAttachmentStatuses{{{AttachmentStatus::pending, "pending"},
                                                              {AttachmentStatus::ready, "ready"},
                                                              {AttachmentStatus::failed, "failed"},
                                                              {AttachmentStatus::expired, "expired"}}};
constexpr NameTable<DeliveryState, 3> kDeliveryStates{
    {{DeliveryState::pending, "pending"}, {DeliveryState::sent, "sent"}, {DeliveryState::failed, "failed"}}};
constexpr NameTable<LineTaskKind, 4> kLineTaskKinds{{{LineTaskKind::message, "message"},
                                                     {LineTaskKind::profile, "profile"},
                                                     {LineTaskKind::content, "content"},
                                                     {LineTaskKind::mark_read, "mark_read"}}};
constexpr NameTable<HandoffReason, 7> kReasons{{{HandoffReason::none, ""},
                                                {HandoffReason::button, "button"},
                                                {HandoffReason::phrase, "phrase"},
                                                {HandoffReason::ai_fallback, "ai_fallback"},
                                                {HandoffReason::offline_message, "offline_message"},
                                                {HandoffReason::agent, "agent"},
                                                {HandoffReason::ai_transfer, "ai_transfer"}}};

constexpr NameTable<LogEventType, 12> kLogEventTypes{{{LogEventType::handoff_requested, "handoff_requested"},
                                                      {LogEventType::offline_message, "offline_message"},
                                                      {LogEventType::assigned, "assigned"},
                                                      {LogEventType::agent_message_first, "agent_message_first"},
                                                      {LogEventType::done, "done"},
                                                      {LogEventType::reactivated, "reactivated"},
                                                      {LogEventType::transferred, "transferred"},
                                                      {LogEventType::requeued, "requeued"},
                                                      {LogEventType::labels_changed, "labels_changed"},
                                                      {LogEventType::abandoned, "abandoned"},
                                                      {LogEventType::csat_requested, "csat_requested"},
                                                      {LogEventType::csat_submitted, "csat_submitted"}}};
constexpr NameTable<ActorType, 4> kActorTypes{{{ActorType::customer, "customer"},
                                               {ActorType::ai, "ai"},
                                               {ActorType::agent, "agent"},
                                               {ActorType::system, "system"}}};
constexpr NameTable<AssignedBy, 5> kAssignedBy{{{AssignedBy::claim, "claim"},
                                                {AssignedBy::reactivate, "reactivate"},
                                                {AssignedBy::automatic, "auto"},
                                                {AssignedBy::transfer, "transfer"},
                                                {AssignedBy::admin, "admin"}}};
constexpr NameTable<RoutingMode, 2> kRoutingModes{{{RoutingMode::manual, "manual"}, {RoutingMode::automatic, "auto"}}};

template <class Enum, std::size_t N>
std::string_view lookup_name(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return {};
}

template <class Enum, std::size_t N>
std::optional<Enum> lookup_value(const NameTable<Enum, N>& table, std::string_view name) {
  for (const auto& [entry, entry_name] : table) {
    if (entry_name == name) return entry;
  }
  return std::nullopt;
}

}  // namespace

std::string_view name_of(Role value) { return lookup_name(kRoles, value); }
std::string_view name_of(Presence value) { return lookup_name(kPresences, value); }
std::string_view name_of(Channel value) { return lookup_name(kChannels, value); }
std::string_view name_of(Status value) { return lookup_name(kStatuses, value); }
std::string_view name_of(Sender value) { return lookup_name(kSenders, value); }
std::string_view name_of(SystemEvent value) { return lookup_name(kEvents, value); }
std::string_view name_of(HandoffReason value) { return lookup_name(kReasons, value); }
std::string_view name_of(AttachmentKind value) { return lookup_name(kAttachmentKinds, value); }
std::string_view name_of(AttachmentStatus value) { return lookup_name(kAttachmentStatuses, value); }
std::string_view name_of(DeliveryState value) { return lookup_name(kDeliveryStates, value); }
std::string_view name_of(LineTaskKind value) { return lookup_name(kLineTaskKinds, value); }
std::string_view name_of(LogEventType value) { return lookup_name(kLogEventTypes, value); }
std::string_view name_of(ActorType value) { return lookup_name(kActorTypes, value); }
std::string_view name_of(AssignedBy value) { return lookup_name(kAssignedBy, value); }
std::string_view name_of(RoutingMode value) { return lookup_name(kRoutingModes, value); }

std::optional<Role> parse_role(std::string_view name) { return lookup_value(kRoles, name); }
std::optional<Presence> parse_presence(std::string_view name) { return lookup_value(kPresences, name); }
std::optional<Channel> parse_channel(std::string_view name) { return lookup_value(kChannels, name); }
std::optional<Status> parse_status(std::string_view name) { return lookup_value(kStatuses, name); }
std::optional<Sender> parse_sender(std::string_view name) { return lookup_value(kSenders, name); }
std::optional<SystemEvent> parse_system_event(std::string_view name) { return lookup_value(kEvents, name); }
std::optional<HandoffReason> parse_handoff_reason(std::string_view name) { return lookup_value(kReasons, name); }
std::optional<AttachmentKind> parse_attachment_kind(std::string_view name) {
  return lookup_value(kAttachmentKinds, name);
}
std::optional<AttachmentStatus> parse_attachment_status(std::string_view name) {
  return lookup_value(kAttachmentStatuses, name);
}
std::optional<DeliveryState> parse_delivery_state(std::string_view name) { return lookup_value(kDeliveryStates, name); }
std::optional<LineTaskKind> parse_line_task_kind(std::string_view name) { return lookup_value(kLineTaskKinds, name); }
std::optional<LogEventType> parse_log_event_type(std::string_view name) { return lookup_value(kLogEventTypes, name); }
std::optional<ActorType> parse_actor_type(std::string_view name) { return lookup_value(kActorTypes, name); }
std::optional<RoutingMode> parse_routing_mode(std::string_view name) { return lookup_value(kRoutingModes, name); }

}  // namespace baton::core
