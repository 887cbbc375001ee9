// The wire names of the domain's enums, both ways; parsing untrusted names never throws.
#pragma once

#include <optional>
#include <string_view>

#include "core/line.hpp"
#include "core/types.hpp"

namespace baton::core {

std::string_view name_of(Role value);
std::string_view name_of(Presence value);
std::string_view name_of(Channel value);
std::string_view name_of(Status value);
std::string_view name_of(Sender value);
std::string_view name_of(SystemEvent value);
std::string_view name_of(HandoffReason value);
std::string_view name_of(AttachmentKind value);
std::string_view name_of(AttachmentStatus value);
std::string_view name_of(DeliveryState value);
std::string_view name_of(LineTaskKind value);
std::string_view name_of(LogEventType value);
std::string_view name_of(ActorType value);
std::string_view name_of(AssignedBy value);
std::string_view name_of(RoutingMode value);

std::optional<Role> parse_role(std::string_view name);
std::optional<Presence> parse_presence(std::string_view name);
std::optional<Channel> parse_channel(std::string_view name);
std::optional<Status> parse_status(std::string_view name);
std::optional<Sender> parse_sender(std::string_view name);
std::optional<SystemEvent> parse_system_event(std::string_view name);
std::optional<HandoffReason> parse_handoff_reason(std::string_view name);
std::optional<AttachmentKind> parse_attachment_kind(std::string_view name);
std::optional<AttachmentStatus> parse_attachment_status(std::string_view name);
std::optional<DeliveryState> parse_delivery_state(std::string_view name);
std::optional<LineTaskKind> parse_line_task_kind(std::string_view name);
std::optional<LogEventType> parse_log_event_type(std::string_view name);
std::optional<RoutingMode> parse_routing_mode(std::string_view name);
std::optional<ActorType> parse_actor_type(std::string_view name);

}  // namespace baton::core
