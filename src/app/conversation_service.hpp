// The conversation use cases: a customer's session, messages and handoff requests; an agent's
// take over, messages, Done and Reactivate. Each state change is one write job: the rule from
// core is checked against the row as stored, so two agents can never both win.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ai/responder.hpp"
#include "app/async.hpp"
#include "app/auth_service.hpp"
#include "app/event_publisher.hpp"
#include "app/line_outbox.hpp"
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

enum class ConversationView { all, live_agent, ai, done };

// One page of the console's list, newest activity first; `next_cursor` asks for the next one.
struct ConversationPage {
  std::vector<core::Conversation> conversations;
  std::optional<std::string> next_cursor;
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
                      ai::Responder& responder, LineOutbox& line_outbox, ClockFn clock,
                      core::RatePolicy customer_rate = {}, PublicLimitOptions public_limits = {});

  // Customer side.
  // Coming back with a valid token is free; a new conversation counts against `client_address`.
  asio::awaitable<core::Result<VisitorSession>> start_session(core::Id assistant_id,
                                                              std::optional<std::string> visitor_token,
                                                              std::string client_address);
  asio::awaitable<core::Result<VisitorIdentity>> identify_visitor(std::string visitor_token);
  asio::awaitable<core::Result<core::Message>> customer_send(VisitorIdentity visitor, std::string text,
                                                             std::optional<std::string> client_id);
  asio::awaitable<core::Result<CustomerConversation>> customer_handoff(VisitorIdentity visitor,
                                                                       std::string client_address);
  asio::awaitable<core::Result<CustomerConversation>> customer_conversation(VisitorIdentity visitor);
  // Typing indicators: shown to the other side, never stored.
  void customer_typing(const VisitorIdentity& visitor);
  asio::awaitable<core::Result<core::Conversation>> agent_typing(core::Agent agent, core::Id conversation_id);
  asio::awaitable<core::Result<core::Message>> leave_offline_message(VisitorIdentity visitor, OfflineMessage input,
                                                                     std::string client_address);

  // Both sides.
  asio::awaitable<core::Result<core::Conversation>> get(core::Id conversation_id);
  asio::awaitable<core::Result<std::vector<core::Message>>> messages(core::Id conversation_id, std::int64_t after_seq,
                                                                     int limit);
  // The last `limit` messages before `before_seq`, in seq order (history read from the newest back).
  asio::awaitable<core::Result<std::vector<core::Message>>> messages_before(core::Id conversation_id,
                                                                            std::int64_t before_seq, int limit);

  // A file the customer sent, with its bytes (404 until it is fetched).
  asio::awaitable<core::Result<std::pair<core::Attachment, std::string>>> attachment(core::Id conversation_id,
                                                                                     core::Id attachment_id);

  // Agent side.
  // `before` is a next_cursor from an earlier page (400 when it is not one).
  asio::awaitable<core::Result<ConversationPage>> list(ConversationView view, std::optional<core::Id> assistant_id,
                                                       int limit, std::optional<std::string> before);
  asio::awaitable<core::Result<core::Conversation>> take_over(core::Actor actor, core::Id conversation_id);
  asio::awaitable<core::Result<core::Message>> agent_send(core::Actor actor, core::Id conversation_id,
                                                          std::string text);
  asio::awaitable<core::Result<core::Conversation>> finish(core::Actor actor, core::Id conversation_id);
  asio::awaitable<core::Result<core::Conversation>> reactivate(core::Actor actor, core::Id conversation_id);

  // For channel services that compose one write job (a LINE webhook's events): the steps of
  // customer_send and customer_handoff inside the caller's transaction. A message the AI may not
  // answer (a sticker, a photo) is only stored, for the agents.
  core::Result<core::Message> accept_customer_message(store::WriteTxn& txn, const core::Conversation& conversation,
                                                      const core::Assistant& assistant, core::Message message,
                                                      bool agents_available, bool ai_may_answer);
  core::Result<core::Conversation> accept_handoff_request(store::WriteTxn& txn, const core::Conversation& conversation,
                                                          const core::Assistant& assistant, core::HandoffReason reason,
                                                          bool agents_available);
  // Stores a message (and publishes it after commit); a LINE customer's copy goes to the outbox.
  core::Message append(store::WriteTxn& txn, const core::Conversation& conversation, core::Message message);
  core::Message announce(store::WriteTxn& txn, const core::Conversation& conversation, const core::Assistant& assistant,
                         core::SystemEvent event);
  core::Message new_message(const core::Id& conversation_id, core::Sender sender, std::string text) const;
  int agents_available() const { return presence_.available_count(); }
  // Whether the customer of this conversation is within their sending rate (and uses it up).
  bool customer_within_rate(const core::Id& conversation_id) { return customer_limiter_.allow(conversation_id); }

 private:
  using Rule = std::function<core::Result<core::Transition>(const core::Conversation&, const core::Assistant&)>;

  // Stores a transition's conversation and notices, and publishes them after commit.
  core::Result<core::Conversation> apply_transition(store::WriteTxn& txn, const core::Conversation& before,
                                                    const core::Assistant& assistant, const Rule& rule);
  asio::awaitable<core::Result<core::Conversation>> transition(core::Id conversation_id, Rule rule);
  // Inside the write job: the AI's reply as a message, and a handoff when the reply (a tool
  // call) or the fallback streak calls for a person. False: nothing to store.
  bool store_ai_reply(store::WriteTxn& txn, const core::Assistant& assistant, const core::Id& conversation_id,
                      const ai::Reply& reply, bool agents_available);
  // The messages before a customer's message (on the blocking pool, for an LLM's context).
  std::vector<core::Message> recent_history(const core::Message& customer_message);
  // The 1-based place in the assistant's queue while the conversation is waiting.
  asio::awaitable<std::optional<int>> queue_position(const core::Conversation& conversation);
  // After the customer's message is durable: the AI answers on the pool, then stores its reply.
  void answer_with_ai(const core::Assistant& assistant, core::Message customer_message);
  // The AI job itself, on the pool (may throw: answer_with_ai catches).
  void reply_with_ai(const core::Assistant& assistant, const core::Message& customer_message);

  store::Store& store_;
  asio::thread_pool& pool_;
  EventPublisher& events_;
  PresenceService& presence_;
  ai::Responder& responder_;
  LineOutbox& line_outbox_;
  ClockFn clock_;
  RateLimiter customer_limiter_;
  PublicLimits public_limits_;
  RateLimiter typing_limiter_;
  RateLimiter line_typing_limiter_;

  // Visitor tokens never change owner, so a lookup is cached for the life of the process.
  std::mutex visitors_mutex_;
  std::unordered_map<std::string, VisitorIdentity> visitors_;
};

}  // namespace baton::app
