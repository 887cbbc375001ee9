// The domain's data: agents, assistants, knowledge, contacts, conversations, messages.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/schedule.hpp"

namespace baton::core {

using Id = std::string;
using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::milliseconds>;

enum class Role { admin, agent };
enum class Presence { online, away, offline };
enum class Channel { web, line };
enum class Status { ai, waiting, live, done };
enum class Sender { customer, ai, agent, system };
enum class SystemEvent {
  none,
  handoff_requested,
  no_agents_online,
  agent_joined,
  conversation_done,
  reactivated,
  live_agent_disabled,
  customer_unfollowed,  // a LINE customer blocked the account: nothing more reaches them
  csat_requested,       // after Done: how was the help? (team operations §4.8)
};
// Why a conversation went to the live-agent queue; shown to the agent who takes it.
enum class HandoffReason { none, button, phrase, ai_fallback, offline_message, agent, ai_transfer };

struct Agent {
  Id id;
  std::string email;
  std::string name;
  Role role = Role::agent;
  Presence presence = Presence::offline;
  TimePoint created_at;
  bool disabled = false;  // cannot sign in; keeps its name on past messages
  // Routing (team operations §4.1): how many live conversations the agent may hold at once
  // (unset: the assistant's default_capacity, else unlimited), and the assistants whose
  // customers the agent serves (empty: all of them).
  std::optional<int> max_concurrent;
  std::vector<Id> assistant_ids;
  std::optional<TimePoint> last_assigned_at;  // the pick's tie-break: least recently assigned first
};

// How waiting customers reach agents: a popup to every available member and the first claim
// wins (manual), or Baton assigns each to the least busy available member (auto).
enum class RoutingMode { manual, automatic };

struct RoutingSettings {
  RoutingMode mode = RoutingMode::manual;
  std::optional<int> default_capacity;  // for agents without their own max_concurrent
  // How long after its agent went away a conversation waiting on that agent returns to the
  // queue (0: never).
  int requeue_after_s = 120;
  bool route_after_hours = false;  // auto mode keeps assigning outside business hours
};

// An OpenAI-compatible chat-completions endpoint an assistant may answer through.
struct LlmSettings {
  std::string base_url;  // e.g. https://api.openai.com/v1; empty: the built-in responder only
  std::string model;
  std::string api_key_env;  // the environment variable holding the API key (never stored)
  bool enabled() const { return !base_url.empty(); }
};

// Customer satisfaction surveys after an agent's Done (team operations §4.8).
struct CsatSettings {
  bool enabled = false;
  std::string question;  // empty: the default question in the reader's language
};

struct Assistant {
  Id id;
  std::string name;
  std::string greeting;
  bool live_agent_enabled = false;
  std::string offline_message;
  TimePoint created_at;
  TimePoint updated_at;
  LlmSettings llm;
  RoutingSettings routing;
  BusinessHours business_hours;  // disabled: always open
  CsatSettings csat;
  // Agents' answers follow a web visitor who left an e-mail address and is away (team
  // operations §4.12), this long after the first unseen one.
  bool email_followup = false;
  int email_followup_delay_s = 120;
};

// An assistant's LINE Official Account credentials.
struct LineChannel {
  Id assistant_id;
  std::string channel_secret;
  std::string channel_access_token;
  TimePoint updated_at;
};

struct KnowledgeEntry {
  Id id;
  Id assistant_id;
  std::string question;
  std::string answer;
  TimePoint created_at;
  TimePoint updated_at;
};

struct Contact {
  Id id;
  std::string name;
  std::optional<std::string> contact;
  std::optional<std::string> picture_url;  // LINE profile picture
};

// A file in a message: a customer's on LINE (fetched from the channel after the message is
// stored), or one a web customer or an agent uploaded (stored with the message). `expired`: the
// bytes were dropped after the retention.
enum class AttachmentKind { image, video, audio, file };
enum class AttachmentStatus { pending, ready, failed, expired };

struct Attachment {
  Id id;
  Id conversation_id;
  Id message_id;
  AttachmentKind kind = AttachmentKind::file;
  std::string source_id;  // where the channel keeps it (LINE's message id)
  std::string file_name;
  std::string content_type;
  std::int64_t size = 0;
  AttachmentStatus status = AttachmentStatus::pending;
  TimePoint created_at;
  // Images Baton processed: the size in pixels, and the preview's type (empty: no preview).
  int width = 0;
  int height = 0;
  std::string preview_type;
};

// How far a message to a customer on an outside channel (LINE) has gone.
enum class DeliveryState { pending, sent, failed };

// Which way a message goes to a customer without a socket: LINE, or an e-mail to a web visitor
// who went away.
enum class DeliveryChannel { line, email };

struct Delivery {
  DeliveryState state = DeliveryState::pending;
  std::string error;  // why it failed (shown to agents)
  DeliveryChannel channel = DeliveryChannel::line;
};

// What a system notice says beyond its event, carried with it so that each reader (the widget,
// the console, LINE) renders it in their own language; the message's text is only a fallback.
struct NoticeDetails {
  std::optional<int> queue_position;      // handoff_requested: the customer's place (LINE)
  bool closed = false;                    // no_agents_online: outside business hours
  std::optional<TimePoint> next_open_at;  //   closed: when the team opens again
  std::string time_zone;                  //   closed: the schedule's zone (IANA), for next_open_at
  // The text is the assistant's own wording (its offline message): shown as written, never
  // replaced by a translation or split.
  bool custom_text = false;
  std::optional<Id> survey_id;              // csat_requested: the survey the customer answers
  std::optional<int> csat_score;            //   its rating once given (1-5)
  std::optional<std::string> csat_comment;  //   and the customer's comment, if any
  bool operator==(const NoticeDetails&) const = default;
};

struct Message {
  Id id;
  Id conversation_id;
  std::int64_t seq = 0;
  Sender sender = Sender::customer;
  std::optional<Id> agent_id;
  std::optional<std::string> agent_name;  // the sending agent's name, for the customer to see
  std::string text;
  SystemEvent event = SystemEvent::none;
  NoticeDetails notice;  // system messages: what the event's notice needs beyond the event
  std::optional<std::string> client_id;
  TimePoint created_at;
  // AI replies: the knowledge entry the answer was grounded on, or that it was the fallback.
  std::optional<Id> knowledge_id;
  bool ai_fallback = false;
  std::optional<Attachment> attachment;
  std::optional<Delivery> delivery;  // LINE conversations: messages to the customer
};

struct Conversation {
  Id id;
  Id assistant_id;
  Channel channel = Channel::web;
  Status status = Status::ai;
  Contact contact;
  std::optional<Id> assigned_agent_id;
  std::optional<TimePoint> handoff_requested_at;
  HandoffReason handoff_reason = HandoffReason::none;
  bool offline_request = false;
  std::int64_t last_seq = 0;
  TimePoint created_at;
  TimePoint updated_at;
  std::optional<Message> last_message;
  // Bumped by the store on every change (state, contact, a new message): of two copies, the
  // higher version is the newer.
  std::int64_t version = 0;
  std::vector<std::string> labels;  // names from the label catalog, in the order applied
};

// One survey per episode closed by an agent's Done with at least one agent message; it expires
// after kSurveyLifetime (core/csat.hpp). The rating is credited to the agent who pressed Done.
struct CsatSurvey {
  Id id;
  Id conversation_id;
  Id episode_id;
  std::optional<Id> agent_id;
  Channel channel = Channel::web;
  Id message_id;  // the csat_requested notice that carries it
  TimePoint requested_at;
  TimePoint expires_at;
  std::optional<int> score;
  std::optional<std::string> comment;
  std::optional<TimePoint> submitted_at;
};

// An agent's note on a conversation for the team (team operations §4.6): a stream of its own,
// never a message, so nothing that reaches the customer or an outside system carries it.
struct Note {
  Id id;
  Id conversation_id;
  Id agent_id;
  std::string agent_name;  // read with the note
  std::string text;
  std::vector<Id> mentions;  // agents named with the @ picker
  TimePoint created_at;
};

// A note naming an agent, in that agent's mentions inbox until they read it.
struct Mention {
  Id id;
  Id agent_id;
  Note note;
  std::optional<TimePoint> read_at;
  TimePoint created_at;
};

// A saved answer agents insert with a `/shortcut` (team operations §4.5); `text` may hold
// {{variables}} (core/canned_replies.hpp).
struct CannedReply {
  Id id;
  std::optional<Id> assistant_id;  // unset: for every assistant
  std::string shortcut;
  std::string text;
  std::optional<Id> created_by;
  std::optional<Id> updated_by;
  TimePoint created_at;
  TimePoint updated_at;
};

// An entry of the admins' label catalog (team operations §4.7).
struct Label {
  std::string name;
  std::string color;  // #rrggbb
  TimePoint created_at;
};

// What the conversation event log records (team operations §4.0): each change of a
// conversation's state and each moment a report measures, never message text. Written in the
// transaction of the change it records; numbered per conversation without gaps.
enum class LogEventType {
  handoff_requested,
  offline_message,
  assigned,
  agent_message_first,
  done,
  reactivated,
  transferred,     // from the holder to another agent or back to the queue
  requeued,        // back to the queue because its agent went away
  labels_changed,  // outside episodes: an agent sorting the conversation
  abandoned,       // a live request ended before any agent took it (closes the episode)
  csat_requested,  // a survey sent at Done (belongs to the episode Done closed)
  csat_submitted,  // the customer's rating of that episode (outside episodes, like labels_changed)
};
enum class ActorType { customer, ai, agent, system };

// How an agent came to hold a conversation.
enum class AssignedBy { claim, reactivate, automatic, transfer, admin };

// An event as a rule declares it; the store's record adds the rest (see ConversationEvent).
struct LogEvent {
  LogEventType type = LogEventType::handoff_requested;
  ActorType actor = ActorType::system;
  std::optional<Id> actor_id;  // the agent, for an agent's act
  std::optional<Id> agent_id;  // assigned, done: the agent holding the conversation
  AssignedBy by = AssignedBy::claim;
  std::optional<Id> from_agent_id;  // transferred, requeued: who held it before
  std::string reason;               // requeued: why ("agent_lost")
  std::optional<std::string> note;  // transferred: the caller's note for the next agent
  std::optional<Id> note_id;        // transferred: where that note is kept (a Note)
  std::vector<std::string> labels;  // labels_changed: the labels after the change
  // csat_*: the survey and the rating (1-5). A survey is requested in the Done that closes the
  // episode it asks about; the rating comes later, like a label change outside episodes (or in
  // the one running then) and names the rated episode in its data.
  std::optional<Id> survey_id;
  std::optional<Id> rated_episode_id;
  int score = 0;
};

struct ConversationEvent {
  Id id;
  Id conversation_id;
  // One episode runs from a handoff request, an agent joining on their own or a reactivation
  // to Done; every event belongs to the episode current when it happened.
  Id episode_id;
  std::int64_t seq = 0;
  LogEventType type = LogEventType::handoff_requested;
  TimePoint at;
  ActorType actor = ActorType::system;
  std::optional<Id> actor_id;
  std::string data = "{}";  // a JSON object: what the type carries (agent_id, by, reason...)
  // A duration ending with this event, in milliseconds (wait until assigned, first response,
  // handling until Done); the business one counts only the assistant's business hours (unset
  // until business hours exist).
  std::optional<std::int64_t> duration_ms;
  std::optional<std::int64_t> business_duration_ms;
};

}  // namespace baton::core
