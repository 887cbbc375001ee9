#include "app/conversation_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "app/ids.hpp"
#include "app/note_service.hpp"
#include "core/fields.hpp"
#include "core/handoff_detector.hpp"
#include "core/labels.hpp"
#include "core/limits.hpp"
#include "core/text.hpp"

namespace baton::app {
namespace {

constexpr std::size_t kMaxCachedVisitors = 100'000;

// A list cursor is "<updated_at in ms>.<conversation id>": opaque to clients, cheap to check.
std::string format_cursor(const store::ConversationCursor& cursor) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(cursor.updated_at.time_since_epoch()).count();
  return std::to_string(ms) + "." + cursor.id;
}

std::optional<store::ConversationCursor> parse_cursor(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 15 || dot + 1 >= text.size() || text.size() > 120) {
    return std::nullopt;
  }
  std::int64_t ms = 0;
  for (char c : text.substr(0, dot)) {
    if (c < '0' || c > '9') return std::nullopt;
    ms = ms * 10 + (c - '0');
  }
  const std::string_view id = text.substr(dot + 1);
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return std::nullopt;
  }
  return store::ConversationCursor{core::TimePoint(std::chrono::milliseconds(ms)), std::string(id)};
}
// Typing indicators a customer may cause: a few at once, then one a second.
constexpr core::RatePolicy kTypingRate{3, 1};

core::Error no_conversation() { return core::Error{core::ErrorCode::not_found, "no such conversation"}; }

tl::unexpected<core::Error> too_fast() {
  return core::fail(core::ErrorCode::rate_limited, "too many messages; wait a moment and send again");
}

std::vector<core::Status> statuses_of(ConversationView view) {
  switch (view) {
    case ConversationView::all:
      return {};
    case ConversationView::live_agent:
      return {core::Status::waiting, core::Status::live};
    case ConversationView::ai:
      return {core::Status::ai};
    case ConversationView::done:
      return {core::Status::done};
  }
  return {};
}

// A friendly default name for a web visitor: "Visitor 7kq2".
std::string visitor_name(const core::Id& contact_id) { return "Visitor " + contact_id.substr(contact_id.size() - 4); }

}  // namespace

ConversationService::ConversationService(store::Store& store, asio::thread_pool& pool, EventPublisher& events,
                                         PresenceService& presence, ConversationSteps& steps, AiReplies& ai_replies,
                                         const ChannelDeliveries& channels, ClockFn clock,
                                         core::RatePolicy customer_rate, PublicLimitOptions public_limits)
    : store_(store),
      pool_(pool),
      events_(events),
      presence_(presence),
      steps_(steps),
      ai_replies_(ai_replies),
      channels_(channels),
      clock_(clock),
      customer_limiter_(customer_rate, clock),
      public_limits_(public_limits, clock),
      typing_limiter_(kTypingRate, clock) {}

asio::awaitable<core::Result<core::Conversation>> ConversationService::transition(core::Id conversation_id,
                                                                                  ConversationSteps::Rule rule,
                                                                                  std::vector<store::LockKey> locks) {
  auto apply = [this, conversation_id,
                rule = std::move(rule)](store::WriteTxn& txn) -> core::Result<core::Conversation> {
    auto conversation = txn.conversation(conversation_id);
    if (!conversation) return tl::unexpected(no_conversation());
    auto assistant = txn.assistant(conversation->assistant_id);
    return steps_.apply_transition(txn, *conversation, *assistant, rule);
  };
  if (locks.empty()) locks = store::conversation_lock(conversation_id);
  co_return co_await commit<core::Conversation>(store_, std::move(apply), std::move(locks));
}

core::Load ConversationService::load_of(store::WriteTxn& txn, const core::Agent& agent,
                                        const core::Assistant& assistant) {
  return core::Load{txn.live_count(agent.id), core::capacity_of(agent, assistant.routing)};
}

asio::awaitable<core::Result<VisitorSession>> ConversationService::start_session(
    core::Id assistant_id, std::optional<std::string> visitor_token, std::string client_address) {
  if (visitor_token) {
    auto known = co_await identify_visitor(*visitor_token);
    if (known && known->assistant_id == assistant_id) co_return VisitorSession{*visitor_token, known->conversation_id};
  }
  auto admitted = co_await public_limits_.new_session(client_address);
  if (!admitted) co_return tl::unexpected(admitted.error());
  VisitorSession session{new_token(), {}};
  const auto now = clock_();
  auto apply = [this, assistant_id, token_hash = hash_token(session.visitor_token),
                now](store::WriteTxn& txn) -> core::Result<core::Id> {
    if (!txn.assistant(assistant_id)) return core::fail(core::ErrorCode::not_found, "no such assistant");
    core::Conversation conversation;
    conversation.id = new_id("conv");
    conversation.assistant_id = assistant_id;
    conversation.channel = core::Channel::web;
    conversation.status = core::Status::ai;
    const auto contact_id = new_id("contact");
    conversation.contact = core::Contact{contact_id, visitor_name(contact_id), std::nullopt};
    conversation.created_at = conversation.updated_at = now;
    steps_.start(txn, conversation);
    txn.insert_visitor(store::Visitor{token_hash, conversation.id, assistant_id});
    return conversation.id;
  };
  auto created = co_await commit<core::Id>(store_, std::move(apply));
  if (!created) co_return tl::unexpected(created.error());
  session.conversation_id = *created;
  co_return session;
}

asio::awaitable<core::Result<VisitorIdentity>> ConversationService::identify_visitor(std::string visitor_token) {
  const std::string token_hash = hash_token(visitor_token);
  {
    std::lock_guard lock(visitors_mutex_);
    auto found = visitors_.find(token_hash);
    if (found != visitors_.end()) co_return found->second;
  }
  auto query = [token_hash](store::ReadTxn& txn) { return txn.visitor(token_hash); };
  auto visitor = co_await read(store_, pool_, std::move(query));
  if (!visitor) co_return core::fail(core::ErrorCode::unauthorized, "unknown visitor token; start a new session");
  VisitorIdentity identity{visitor->conversation_id, visitor->assistant_id};
  std::lock_guard lock(visitors_mutex_);
  // A cache, not a record: past its bound it starts afresh rather than grow with a flood.
  if (visitors_.size() >= kMaxCachedVisitors) visitors_.clear();
  visitors_.emplace(token_hash, identity);
  co_return identity;
}

asio::awaitable<core::Result<core::Message>> ConversationService::customer_send(VisitorIdentity visitor,
                                                                                std::string raw_text,
                                                                                std::optional<std::string> client_id) {
  auto text = core::validate_message_text(raw_text);
  if (!text) co_return tl::unexpected(text.error());
  if (client_id) {
    auto valid = core::validate_client_id(*client_id);
    if (!valid) co_return tl::unexpected(valid.error());
  }
  auto message = steps_.new_message(visitor.conversation_id, core::Sender::customer, std::move(*text));
  message.client_id = std::move(client_id);
  co_return co_await customer_message(std::move(visitor), std::move(message), std::nullopt);
}

asio::awaitable<core::Result<core::Message>> ConversationService::customer_send_file(
    VisitorIdentity visitor, NewFile file, std::optional<std::string> client_id) {
  if (client_id) {
    auto valid = core::validate_client_id(*client_id);
    if (!valid) co_return tl::unexpected(valid.error());
  }
  auto message = steps_.new_message(visitor.conversation_id, core::Sender::customer, "");
  message.client_id = std::move(client_id);
  co_return co_await customer_message(std::move(visitor), std::move(message), std::move(file));
}

asio::awaitable<core::Result<core::Message>> ConversationService::customer_message(VisitorIdentity visitor,
                                                                                   core::Message message,
                                                                                   std::optional<NewFile> file) {
  if (file && !files_) co_return core::fail(core::ErrorCode::unavailable, "this server does not keep files");
  const int customer_wait = co_await customer_limiter_.take_or_wait_shared(visitor.conversation_id);
  if (customer_wait > 0) co_return too_fast();
  const bool agents_available = presence_.on_duty(visitor.assistant_id) > 0;
  const bool asks_for_person = !file && core::is_handoff_request(message.text);
  auto apply = [this, visitor, message = std::move(message), file = std::move(file), agents_available,
                asks_for_person](store::WriteTxn& txn) -> core::Result<core::Message> {
    if (message.client_id) {
      if (auto earlier = txn.message_by_client_id(visitor.conversation_id, *message.client_id)) return *earlier;
    }
    // Its own row only: the steps need the conversation's state, not its last message.
    auto conversation = txn.conversation_head(visitor.conversation_id);
    if (!conversation) return tl::unexpected(no_conversation());
    auto assistant = *txn.assistant(conversation->assistant_id);
    // Files are kept for agents: the AI does not read them.
    const auto reach = file ? core::MessageReach::kept_for_agents : core::MessageReach::sets_off_replies;
    auto ready = message;
    if (file) ready.attachment = file->attachment;
    auto accepted = steps_.accept_customer_message(txn, *conversation, assistant, std::move(ready),
                                                   CustomerMessageOptions{agents_available, reach, asks_for_person});
    if (!accepted) return tl::unexpected(accepted.error());
    if (file) keep_file(txn, accepted->message, *file);
    if (accepted->ai_should_answer()) ai_replies_.answer_after_commit(txn, assistant, accepted->message);
    return accepted->message;
  };
  auto locks = store::conversation_lock(visitor.conversation_id);
  co_return co_await commit<core::Message>(store_, std::move(apply), std::move(locks));
}

void ConversationService::keep_file(store::WriteTxn& txn, const core::Message& message, const NewFile& file) {
  auto attachment = file.attachment;
  attachment.conversation_id = message.conversation_id;
  attachment.message_id = message.id;
  txn.insert_attachment(attachment);
  files_->keep(txn, attachment.id, file.content);
}

asio::awaitable<core::Result<CustomerConversation>> ConversationService::customer_handoff(VisitorIdentity visitor,
                                                                                          std::string client_address) {
  auto admitted = co_await public_limits_.handoff(client_address);
  if (!admitted) co_return tl::unexpected(admitted.error());
  // One count serves both the rule (offline request or not) and the answer, so they agree.
  const int agents_online = presence_.on_duty(visitor.assistant_id);
  ConversationSteps::Rule rule = [this, agents_online](const core::Conversation& c, const core::Assistant& a) {
    return core::request_handoff(c, a, core::HandoffReason::button, agents_online > 0, clock_());
  };
  auto conversation = co_await transition(visitor.conversation_id, std::move(rule));
  if (!conversation) co_return tl::unexpected(conversation.error());
  auto position = co_await queue_position(*conversation);
  co_return CustomerConversation{std::move(*conversation), agents_online, position};
}

asio::awaitable<core::Result<CustomerConversation>> ConversationService::customer_cancel_handoff(
    VisitorIdentity visitor) {
  ConversationSteps::Rule rule = [this](const core::Conversation& c, const core::Assistant&) {
    return core::cancel_request(c, clock_());
  };
  auto conversation = co_await transition(visitor.conversation_id, std::move(rule));
  if (!conversation) co_return tl::unexpected(conversation.error());
  co_return CustomerConversation{std::move(*conversation), presence_.on_duty(visitor.assistant_id), std::nullopt};
}

asio::awaitable<core::Result<CustomerConversation>> ConversationService::customer_conversation(
    VisitorIdentity visitor) {
  auto conversation = co_await get(visitor.conversation_id);
  if (!conversation) co_return tl::unexpected(conversation.error());
  auto position = co_await queue_position(*conversation);
  co_return CustomerConversation{std::move(*conversation), presence_.on_duty(visitor.assistant_id), position};
}

asio::awaitable<core::Result<WidgetResume>> ConversationService::widget_resume(VisitorIdentity visitor,
                                                                               std::optional<std::int64_t> after_seq,
                                                                               int limit) {
  auto query = [id = visitor.conversation_id, after_seq, limit](store::ReadTxn& txn) -> std::optional<WidgetResume> {
    auto conversation = txn.conversation_head(id);
    if (!conversation) return std::nullopt;
    WidgetResume resume;
    if (after_seq && conversation->last_seq > *after_seq) resume.backlog = txn.messages(id, *after_seq, limit);
    if (core::ranked_in_queue(*conversation)) {
      resume.queue_position = txn.queue_position(conversation->assistant_id, *conversation->handoff_requested_at, id);
    }
    return resume;
  };
  auto found = co_await read(store_, pool_, std::move(query));
  if (!found) co_return tl::unexpected(no_conversation());
  co_return std::move(*found);
}

asio::awaitable<std::optional<int>> ConversationService::queue_position(const core::Conversation& conversation) {
  if (!core::ranked_in_queue(conversation)) co_return std::nullopt;
  auto query = [assistant_id = conversation.assistant_id, requested_at = *conversation.handoff_requested_at,
                id = conversation.id](store::ReadTxn& txn) {
    return std::optional(txn.queue_position(assistant_id, requested_at, id));
  };
  co_return co_await read(store_, pool_, std::move(query));
}

void ConversationService::customer_typing(const VisitorIdentity& visitor) {
  // The widget sends one every few seconds; a script sending more only reaches the limiter.
  if (!typing_limiter_.allow(visitor.conversation_id)) return;
  events_.typing(visitor.conversation_id, core::Sender::customer, std::nullopt);
}

asio::awaitable<core::Result<core::Conversation>> ConversationService::agent_typing(core::Agent agent,
                                                                                    core::Id conversation_id) {
  auto conversation = co_await get(conversation_id);
  if (!conversation) co_return conversation;
  // Only the holder speaks to the customer, so only the holder's typing shows.
  if (conversation->status != core::Status::live || conversation->assigned_agent_id != agent.id) {
    co_return core::fail(core::ErrorCode::held_by_another_agent,
                         "only the agent holding this live conversation shows typing");
  }
  events_.typing(conversation_id, core::Sender::agent, agent.name);
  // A channel without typing indicators may show its nearest thing (LINE's loading animation).
  if (auto* channel = channels_.of(conversation->channel)) co_await channel->on_agent_typing(*conversation);
  co_return conversation;
}

asio::awaitable<core::Result<core::Message>> ConversationService::leave_offline_message(VisitorIdentity visitor,
                                                                                        OfflineMessage input,
                                                                                        std::string client_address) {
  auto name = core::validate_short_text("name", input.name, core::kMaxNameChars);
  if (!name) co_return tl::unexpected(name.error());
  auto contact = core::validate_short_text("contact", input.contact, core::kMaxContactChars);
  if (!contact) co_return tl::unexpected(contact.error());
  auto text = core::validate_message_text(input.text);
  if (!text) co_return tl::unexpected(text.error());
  auto admitted = co_await public_limits_.offline_message(client_address);
  if (!admitted) co_return tl::unexpected(admitted.error());
  const int customer_wait = co_await customer_limiter_.take_or_wait_shared(visitor.conversation_id);
  if (customer_wait > 0) co_return too_fast();
  auto apply = [this, visitor, name = *name, contact = *contact,
                text = *text](store::WriteTxn& txn) -> core::Result<core::Message> {
    auto conversation = txn.conversation(visitor.conversation_id);
    if (!conversation) return tl::unexpected(no_conversation());
    auto assistant = *txn.assistant(conversation->assistant_id);
    // When the assistant has no live agents the transition below refuses, and the whole job
    // (contact, message) is undone with it.
    conversation->contact.name = name;
    conversation->contact.contact = contact;
    conversation->updated_at = clock_();
    txn.update_conversation(*conversation);
    auto message =
        steps_.append(txn, *conversation, steps_.new_message(conversation->id, core::Sender::customer, text));
    auto moved = steps_.apply_transition(
        txn, *conversation, assistant, [this](const core::Conversation& c, const core::Assistant& a) {
          return core::request_handoff(c, a, core::HandoffReason::offline_message, false, clock_());
        });
    if (!moved) return tl::unexpected(moved.error());
    return message;
  };
  auto locks = store::conversation_lock(visitor.conversation_id);
  co_return co_await commit<core::Message>(store_, std::move(apply), std::move(locks));
}

asio::awaitable<core::Result<core::Conversation>> ConversationService::get(core::Id conversation_id) {
  auto query = [conversation_id](store::ReadTxn& txn) { return txn.conversation(conversation_id); };
  auto found = co_await read(store_, pool_, std::move(query));
  if (!found) co_return tl::unexpected(no_conversation());
  co_return *found;
}

template <class Part>
auto ConversationService::read_part(core::Id conversation_id, Part part)
    -> asio::awaitable<core::Result<std::invoke_result_t<Part&, store::ReadTxn&>>> {
  using Value = std::invoke_result_t<Part&, store::ReadTxn&>;
  auto query = [conversation_id, part = std::move(part)](store::ReadTxn& txn) mutable {
    if (!txn.conversation(conversation_id)) return std::optional<Value>();
    return std::optional<Value>(part(txn));
  };
  auto found = co_await read(store_, pool_, std::move(query));
  if (!found) co_return tl::unexpected(no_conversation());
  co_return std::move(*found);
}

asio::awaitable<core::Result<std::vector<core::Message>>> ConversationService::messages(core::Id conversation_id,
                                                                                        std::int64_t after_seq,
                                                                                        int limit) {
  auto part = [conversation_id, after_seq, limit](store::ReadTxn& txn) {
    return txn.messages(conversation_id, after_seq, limit);
  };
  co_return co_await read_part(conversation_id, std::move(part));
}

asio::awaitable<core::Result<std::vector<core::ConversationEvent>>> ConversationService::events(
    core::Id conversation_id, std::int64_t after_seq, int limit) {
  auto part = [conversation_id, after_seq, limit](store::ReadTxn& txn) {
    return txn.conversation_events(conversation_id, after_seq, limit);
  };
  co_return co_await read_part(conversation_id, std::move(part));
}

asio::awaitable<core::Result<ConversationPage>> ConversationService::list(ConversationView view,
                                                                          std::optional<core::Id> assistant_id,
                                                                          int limit, std::optional<std::string> before,
                                                                          std::optional<std::string> label) {
  store::ConversationFilter filter{statuses_of(view), std::move(assistant_id), limit + 1};
  if (label) {
    auto name = core::validate_label_name(*label);
    if (!name) co_return tl::unexpected(name.error());
    filter.label = std::move(*name);
  }
  if (before) {
    filter.before = parse_cursor(*before);
    if (!filter.before) co_return core::fail(core::ErrorCode::invalid_field, "before is not a cursor from this list");
  }
  auto query = [filter](store::ReadTxn& txn) { return txn.conversations(filter); };
  ConversationPage page;  // not braced around the co_await: see async.hpp on g++ 12
  page.conversations = co_await read(store_, pool_, std::move(query));
  // One more than asked tells whether another page follows.
  if (static_cast<int>(page.conversations.size()) > limit) {
    page.conversations.resize(static_cast<std::size_t>(limit));
    const auto& last = page.conversations.back();
    page.next_cursor = format_cursor({last.updated_at, last.id});
  }
  co_return page;
}

asio::awaitable<core::Result<std::vector<core::Message>>> ConversationService::messages_before(core::Id conversation_id,
                                                                                               std::int64_t before_seq,
                                                                                               int limit) {
  auto part = [conversation_id, before_seq, limit](store::ReadTxn& txn) {
    return txn.messages_before(conversation_id, before_seq, limit);
  };
  co_return co_await read_part(conversation_id, std::move(part));
}

template <class Rule>
asio::awaitable<core::Result<core::Conversation>> ConversationService::give_to(core::Id conversation_id,
                                                                               core::Id agent_id, Rule rule) {
  auto apply = [this, conversation_id, agent_id,
                rule = std::move(rule)](store::WriteTxn& txn) -> core::Result<core::Conversation> {
    auto conversation = txn.conversation(conversation_id);
    if (!conversation) return tl::unexpected(no_conversation());
    auto assistant = *txn.assistant(conversation->assistant_id);
    auto agent = txn.agent(agent_id);
    if (!agent) return core::fail(core::ErrorCode::not_found, "no such agent");
    const auto load = load_of(txn, *agent, assistant);
    return steps_.apply_transition(
        txn, *conversation, assistant,
        [&](const core::Conversation& c, const core::Assistant& a) { return rule(c, a, *agent, load); });
  };
  auto locks = store::assignment_lock(agent_id, conversation_id);
  co_return co_await commit<core::Conversation>(store_, std::move(apply), std::move(locks));
}

asio::awaitable<core::Result<core::Conversation>> ConversationService::take_over(core::Actor actor,
                                                                                 core::Id conversation_id, bool force) {
  auto rule = [this, actor, force](const core::Conversation& c, const core::Assistant&, const core::Agent&,
                                   core::Load load) { return core::take_over(c, actor, clock_(), load, force); };
  co_return co_await give_to(std::move(conversation_id), actor.agent_id, std::move(rule));
}

asio::awaitable<core::Result<core::Conversation>> ConversationService::assign(core::Actor admin,
                                                                              core::Id conversation_id,
                                                                              core::Id agent_id) {
  if (admin.role != core::Role::admin) {
    co_return core::fail(core::ErrorCode::forbidden, "only an admin assigns conversations to others");
  }
  auto rule = [this, admin](const core::Conversation& c, const core::Assistant& a, const core::Agent& agent,
                            core::Load load) -> core::Result<core::Transition> {
    if (!core::serves(agent, a.id)) {
      return core::fail(core::ErrorCode::agent_unavailable, "that agent does not serve this assistant's customers");
    }
    return core::assign(c, core::Assignee{agent.id, load}, core::AssignedBy::admin, admin, clock_());
  };
  auto target = agent_id;  // named: see app/async.hpp on g++ 12
  co_return co_await give_to(std::move(conversation_id), std::move(target), std::move(rule));
}

asio::awaitable<core::Result<core::Conversation>> ConversationService::transfer(core::Actor actor,
                                                                                core::Id conversation_id,
                                                                                Transfer request) {
  if (request.note && request.note->find_first_not_of(" \t\r\n") == std::string::npos) request.note.reset();
  if (request.note) {
    auto note = core::validate_message_text(*request.note);
    if (!note) co_return tl::unexpected(note.error());
    request.note = *note;
  }
  // The target's availability as this node sees it now; its load is read in the job.
  const bool target_on_duty = request.to_agent_id && presence_.is_available(*request.to_agent_id);
  auto apply = [this, actor, conversation_id, request,
                target_on_duty](store::WriteTxn& txn) -> core::Result<core::Conversation> {
    auto conversation = txn.conversation(conversation_id);
    if (!conversation) return tl::unexpected(no_conversation());
    auto assistant = *txn.assistant(conversation->assistant_id);
    core::TransferTarget target{std::nullopt, false, request.force, request.note};
    // The note travels as an internal note of the caller's (team operations §4.4), named by the log.
    if (request.note) target.note_id = new_id("note");
    if (request.to_agent_id) {
      auto agent = txn.agent(*request.to_agent_id);
      if (!agent) return core::fail(core::ErrorCode::not_found, "no such agent");
      target.agent = core::Assignee{agent->id, load_of(txn, *agent, assistant)};
      target.available = target_on_duty && core::serves(*agent, assistant.id);
    }
    auto moved = steps_.apply_transition(txn, *conversation, assistant,
                                         [&](const core::Conversation& c, const core::Assistant&) {
                                           return core::transfer(c, actor, target, clock_());
                                         });
    if (moved && request.note) {
      store_note(txn, events_, *moved, actor.agent_id, core::NoteContent{*request.note, {}}, *target.note_id, clock_());
    }
    return moved;
  };
  auto locks = request.to_agent_id ? store::assignment_lock(*request.to_agent_id, conversation_id)
                                   : store::conversation_lock(conversation_id);
  co_return co_await commit<core::Conversation>(store_, std::move(apply), std::move(locks));
}

asio::awaitable<core::Result<core::Message>> ConversationService::agent_send(core::Actor actor,
                                                                             core::Id conversation_id,
                                                                             std::string raw_text) {
  auto text = core::validate_message_text(raw_text);
  if (!text) co_return tl::unexpected(text.error());
  co_return co_await agent_message(std::move(actor), steps_.new_message(conversation_id, core::Sender::agent, *text),
                                   std::nullopt);
}

asio::awaitable<core::Result<core::Message>> ConversationService::agent_send_file(
    core::Actor actor, core::Id conversation_id, NewFile file, std::optional<std::string> client_id) {
  if (client_id) {
    auto valid = core::validate_client_id(*client_id);
    if (!valid) co_return tl::unexpected(valid.error());
  }
  auto message = steps_.new_message(conversation_id, core::Sender::agent, "");
  message.client_id = std::move(client_id);
  co_return co_await agent_message(std::move(actor), std::move(message), std::move(file));
}

asio::awaitable<core::Result<core::Message>> ConversationService::agent_message(core::Actor actor,
                                                                                core::Message message,
                                                                                std::optional<NewFile> file) {
  if (file && !files_) co_return core::fail(core::ErrorCode::unavailable, "this server does not keep files");
  const auto conversation_id = message.conversation_id;
  auto apply = [this, actor, message = std::move(message),
                file = std::move(file)](store::WriteTxn& txn) -> core::Result<core::Message> {
    const auto& conversation_id = message.conversation_id;
    if (message.client_id) {
      if (auto earlier = txn.message_by_client_id(conversation_id, *message.client_id)) return *earlier;
    }
    auto conversation = txn.conversation(conversation_id);
    if (!conversation) return tl::unexpected(no_conversation());
    auto assistant = *txn.assistant(conversation->assistant_id);
    // Only a message that takes the conversation over counts the agent's load.
    core::Load load;
    if (conversation->status != core::Status::live) {
      auto agent = txn.agent(actor.agent_id);
      if (!agent) return core::fail(core::ErrorCode::unauthorized, "no such agent");
      load = load_of(txn, *agent, assistant);
    }
    auto held = steps_.apply_transition(txn, *conversation, assistant,
                                        [&](const core::Conversation& c, const core::Assistant&) {
                                          return core::prepare_agent_message(c, actor, clock_(), load);
                                        });
    if (!held) return tl::unexpected(held.error());
    auto ready = message;
    ready.agent_id = actor.agent_id;
    if (file) ready.attachment = file->attachment;
    auto stored = steps_.append(txn, *conversation, std::move(ready));
    if (file) keep_file(txn, stored, *file);
    return stored;
  };
  auto locks = store::assignment_lock(actor.agent_id, conversation_id);
  co_return co_await commit<core::Message>(store_, std::move(apply), std::move(locks));
}

asio::awaitable<core::Result<core::Conversation>> ConversationService::finish(core::Actor actor,
                                                                              core::Id conversation_id, bool survey) {
  auto apply = [this, actor, conversation_id, survey](store::WriteTxn& txn) -> core::Result<core::Conversation> {
    auto conversation = txn.conversation(conversation_id);
    if (!conversation) return tl::unexpected(no_conversation());
    auto assistant = txn.assistant(conversation->assistant_id);
    ConversationSteps::Rule rule = [this, &actor](const core::Conversation& c, const core::Assistant&) {
      return core::finish(c, actor, clock_());
    };
    auto done = steps_.apply_transition(txn, *conversation, *assistant, rule);
    if (done && survey) steps_.request_survey(txn, *done, *assistant);
    return done;
  };
  co_return co_await commit<core::Conversation>(store_, std::move(apply), store::conversation_lock(conversation_id));
}

asio::awaitable<core::Result<core::CsatSurvey>> ConversationService::rate(VisitorIdentity visitor, core::Id survey_id,
                                                                          std::int64_t score, std::string comment) {
  auto checked = core::validate_rating(score, comment);
  if (!checked) co_return tl::unexpected(checked.error());
  const core::Rating rating = std::move(*checked);
  auto apply = [this, conversation_id = visitor.conversation_id, survey_id,
                rating](store::WriteTxn& txn) -> core::Result<core::CsatSurvey> {
    return steps_.rate_survey(txn, conversation_id, survey_id, rating);
  };
  co_return co_await commit<core::CsatSurvey>(store_, std::move(apply),
                                              store::conversation_lock(visitor.conversation_id));
}

asio::awaitable<core::Result<core::Conversation>> ConversationService::reactivate(core::Actor actor,
                                                                                  core::Id conversation_id,
                                                                                  bool force) {
  auto rule = [this, actor, force](const core::Conversation& c, const core::Assistant&, const core::Agent&,
                                   core::Load load) { return core::reactivate(c, actor, clock_(), load, force); };
  co_return co_await give_to(std::move(conversation_id), actor.agent_id, std::move(rule));
}

}  // namespace baton::app
