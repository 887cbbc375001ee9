// The conversation use cases of the web widget and the console: a customer's session, messages
// and handoff requests; an agent's take over, messages, Done and Reactivate. Each state change is
// one write job made of ConversationSteps: the rule from core is checked against the row as
// stored, so two agents can never both win. Other channels (LINE) use the same steps.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>

#include "app/ai_replies.hpp"
#include "app/async.hpp"
#include "app/auth_service.hpp"
#include "app/channel_delivery.hpp"
#include "app/conversation_steps.hpp"
#include "app/event_publisher.hpp"
#include "app/file_store.hpp"
#include "app/presence_service.hpp"
#include "app/public_limits.hpp"
#include "app/rate_limiter.hpp"
#include "core/conversation_rules.hpp"

namespace baton::app {

struct VisitorSession {
  std::string visitor_token;
  core::Id conversation_id;
};

// What a visitor token reaches: one conversation of one assistant.
struct VisitorIdentity {
  core::Id conversation_id;
  core::Id assistant_id;
};

// The customer's view of their conversation (the answer to "talk to a human" too): how many
// agents are available and, while waiting, the place in the queue.
struct CustomerConversation {
  core::Conversation conversation;
  int agents_online = 0;
  std::optional<int> queue_position;
};

// What a widget socket sends as it opens: the messages after the client's after_seq (none
// asked: none), and the customer's place in the queue while they wait.
struct WidgetResume {
  std::vector<core::Message> backlog;
  std::optional<int> queue_position;
};

enum class ConversationView { all, live_agent, ai, done };

// One page of the console's list, newest activity first; `next_cursor` asks for the next one.
struct ConversationPage {
  std::vector<core::Conversation> conversations;
  std::optional<std::string> next_cursor;
};

// A file ready to be stored in a message (checked, and for images processed, by FileIntake):
// its attachment row as it will be stored (ids are given when the message is) and its bytes.
struct NewFile {
  core::Attachment attachment;
  FileContent content;
};

struct OfflineMessage {
  std::string name;
  std::string contact;
  std::string text;
};

class ConversationService {
 public:
  // `customer_rate` bounds how fast one conversation's customer may send (429 past it);
  // `public_limits` what one client address may start (chats, handoffs, offline messages).
  ConversationService(store::Store& store, asio::thread_pool& pool, EventPublisher& events, PresenceService& presence,
                      ConversationSteps& steps, AiReplies& ai_replies, const ChannelDeliveries& channels, ClockFn clock,
                      core::RatePolicy customer_rate = {}, PublicLimitOptions public_limits = {});

  // Customer side.
  // Coming back with a valid token is free; a new conversation counts against `client_address`.
  asio::awaitable<core::Result<VisitorSession>> start_session(core::Id assistant_id,
                                                              std::optional<std::string> visitor_token,
                                                              std::string client_address);
  asio::awaitable<core::Result<VisitorIdentity>> identify_visitor(std::string visitor_token);
  asio::awaitable<core::Result<core::Message>> customer_send(VisitorIdentity visitor, std::string text,
                                                             std::optional<std::string> client_id);
  // A message holding a file (an agent sees it; the AI does not read files). The same client_id
  // gives back the message stored the first time, without storing the file again.
  asio::awaitable<core::Result<core::Message>> customer_send_file(VisitorIdentity visitor, NewFile file,
                                                                  std::optional<std::string> client_id);
  asio::awaitable<core::Result<CustomerConversation>> customer_handoff(VisitorIdentity visitor,
                                                                       std::string client_address);
  asio::awaitable<core::Result<CustomerConversation>> customer_conversation(VisitorIdentity visitor);
  // One read for a widget socket that opens (thousands reconnect at once after a deploy): the
  // backlog is read only when the conversation has moved past `after_seq`.
  asio::awaitable<core::Result<WidgetResume>> widget_resume(VisitorIdentity visitor,
                                                            std::optional<std::int64_t> after_seq, int limit);
  // Typing indicators: shown to the other side, never stored.
  void customer_typing(const VisitorIdentity& visitor);
  asio::awaitable<core::Result<core::Conversation>> agent_typing(core::Agent agent, core::Id conversation_id);
  asio::awaitable<core::Result<core::Message>> leave_offline_message(VisitorIdentity visitor, OfflineMessage input,
                                                                     std::string client_address);

  // Both sides.
  asio::awaitable<core::Result<core::Conversation>> get(core::Id conversation_id);
  asio::awaitable<core::Result<std::vector<core::Message>>> messages(core::Id conversation_id, std::int64_t after_seq,
                                                                     int limit);
  // The conversation's event log after `after_seq`, in seq order (console users).
  asio::awaitable<core::Result<std::vector<core::ConversationEvent>>> events(core::Id conversation_id,
                                                                             std::int64_t after_seq, int limit);
  // The last `limit` messages before `before_seq`, in seq order (history read from the newest back).
  asio::awaitable<core::Result<std::vector<core::Message>>> messages_before(core::Id conversation_id,
                                                                            std::int64_t before_seq, int limit);

  // Agent side.
  // `before` is a next_cursor from an earlier page (400 when it is not one); `label`: only
  // conversations carrying it.
  asio::awaitable<core::Result<ConversationPage>> list(ConversationView view, std::optional<core::Id> assistant_id,
                                                       int limit, std::optional<std::string> before,
                                                       std::optional<std::string> label = std::nullopt);
  // `force`: past the agent's own capacity (team operations §4.1).
  asio::awaitable<core::Result<core::Conversation>> take_over(core::Actor actor, core::Id conversation_id,
                                                              bool force = false);
  // An admin gives a waiting conversation to an agent (409 at_capacity when the agent is full).
  asio::awaitable<core::Result<core::Conversation>> assign(core::Actor admin, core::Id conversation_id,
                                                           core::Id agent_id);
  // The holder or an admin hands a live conversation to another agent or back to the queue.
  struct Transfer {
    std::optional<core::Id> to_agent_id;  // unset: back to the queue
    std::optional<std::string> note;
    bool force = false;
  };
  asio::awaitable<core::Result<core::Conversation>> transfer(core::Actor actor, core::Id conversation_id,
                                                             Transfer transfer);
  asio::awaitable<core::Result<core::Message>> agent_send(core::Actor actor, core::Id conversation_id,
                                                          std::string text);
  // An agent's file; takes the conversation over like a message does.
  asio::awaitable<core::Result<core::Message>> agent_send_file(core::Actor actor, core::Id conversation_id,
                                                               NewFile file, std::optional<std::string> client_id);
  // Where the bytes of files in messages go (main sets it; without one, files are refused).
  void set_file_store(FileStore& files) { files_ = &files; }
  // Done; with `survey` (unless "Done without survey") the customer is asked to rate the
  // episode when the assistant's surveys are on and an agent answered (team operations §4.8).
  asio::awaitable<core::Result<core::Conversation>> finish(core::Actor actor, core::Id conversation_id,
                                                           bool survey = true);
  // The visitor withdraws their request for a person before anyone took it.
  asio::awaitable<core::Result<CustomerConversation>> customer_cancel_handoff(VisitorIdentity visitor);
  // The visitor's rating (a score and an optional comment, checked by core::validate_rating) of
  // a survey in their conversation.
  asio::awaitable<core::Result<core::CsatSurvey>> rate(VisitorIdentity visitor, core::Id survey_id, std::int64_t score,
                                                       std::string comment);
  asio::awaitable<core::Result<core::Conversation>> reactivate(core::Actor actor, core::Id conversation_id,
                                                               bool force = false);

 private:
  // The shared parts of sending text or a file: `message` is new (from steps_.new_message).
  asio::awaitable<core::Result<core::Message>> customer_message(VisitorIdentity visitor, core::Message message,
                                                                std::optional<NewFile> file);
  asio::awaitable<core::Result<core::Message>> agent_message(core::Actor actor, core::Message message,
                                                             std::optional<NewFile> file);
  // Inside the job storing `message`: its attachment's row and bytes.
  void keep_file(store::WriteTxn& txn, const core::Message& message, const NewFile& file);
  asio::awaitable<core::Result<core::Conversation>> transition(core::Id conversation_id, ConversationSteps::Rule rule,
                                                               std::vector<store::LockKey> locks = {});
  // A transition that may give the conversation to `agent_id` (a claim, a reopen, an admin's
  // assignment): the agent's row is declared before the conversation's and their load read in the
  // job, so two such jobs never both count the agent below capacity. `rule(conversation,
  // assistant, agent, load)`.
  template <class Rule>
  asio::awaitable<core::Result<core::Conversation>> give_to(core::Id conversation_id, core::Id agent_id, Rule rule);
  // The agent's live conversations against their capacity for this assistant, read in the job.
  static core::Load load_of(store::WriteTxn& txn, const core::Agent& agent, const core::Assistant& assistant);
  // The 1-based place in the assistant's queue while the conversation is waiting.
  asio::awaitable<std::optional<int>> queue_position(const core::Conversation& conversation);
  // `part(txn)` read from an existing conversation on the blocking pool; not_found when there
  // is no such conversation.
  template <class Part>
  auto read_part(core::Id conversation_id, Part part)
      -> asio::awaitable<core::Result<std::invoke_result_t<Part&, store::ReadTxn&>>>;

  store::Store& store_;
  asio::thread_pool& pool_;
  FileStore* files_ = nullptr;
  EventPublisher& events_;
  PresenceService& presence_;
  ConversationSteps& steps_;
  AiReplies& ai_replies_;
  const ChannelDeliveries& channels_;
  ClockFn clock_;
  RateLimiter customer_limiter_;
  PublicLimits public_limits_;

 public:
  // Several nodes: a customer's and an address's allowances counted once for the cluster (set
  // before serving).
  void share_limits(SharedLimits* shared) {
    customer_limiter_.share(shared, "customer");
    public_limits_.share(shared);
  }

 private:
  RateLimiter typing_limiter_;

  // Visitor tokens never change owner, so a lookup is cached for the life of the process.
  std::mutex visitors_mutex_;
  std::unordered_map<std::string, VisitorIdentity> visitors_;
};

}  // namespace baton::app
