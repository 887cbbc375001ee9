#include "app/ai_replies.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>

namespace baton::app {

AiReplies::AiReplies(store::Store& store, boost::asio::thread_pool& pool, EventPublisher& events,
                     PresenceService& presence, ai::Responder& responder, ConversationSteps& steps)
    : store_(store), pool_(pool), events_(events), presence_(presence), responder_(responder), steps_(steps) {}

void AiReplies::answer_after_commit(store::WriteTxn& txn, const core::Assistant& assistant,
                                    const core::Message& customer_message) {
  txn.after_commit([this, assistant, customer_message] { answer(assistant, customer_message); });
}

void AiReplies::answer(const core::Assistant& assistant, core::Message customer_message) {
  boost::asio::post(pool_, [this, assistant, customer_message = std::move(customer_message)] {
    // A pool job must never throw (the pool would end the process): a failed answer is logged,
    // and the customer can still ask for a person.
    try {
      reply(assistant, customer_message);
    } catch (const ai::Stopped&) {
      // Shutting down mid-answer: the customer's message is kept; no answer is sent.
      spdlog::info("event=ai_reply_dropped conv={} reason=stopping", customer_message.conversation_id);
    } catch (const std::exception& error) {
      spdlog::error("event=ai_reply_failed conv={} error=\"{}\" outcome=nothing_sent", customer_message.conversation_id,
                    error.what());
    } catch (...) {
      spdlog::error("event=ai_reply_failed conv={} error=unknown outcome=nothing_sent",
                    customer_message.conversation_id);
    }
  });
}

std::vector<core::Message> AiReplies::recent_history(const core::Message& customer_message) {
  // Only an LLM reads the history; the messages before this one, a dozen at most.
  constexpr std::int64_t kHistory = 12;
  auto txn = store_.begin_read();
  const auto first = std::max<std::int64_t>(0, customer_message.seq - 1 - kHistory);
  return txn->messages(customer_message.conversation_id, first, static_cast<int>(customer_message.seq - 1 - first));
}

void AiReplies::reply(const core::Assistant& assistant, const core::Message& customer_message) {
  const auto history = assistant.llm.enabled() ? recent_history(customer_message) : std::vector<core::Message>{};
  auto publish_draft = [this, id = customer_message.conversation_id](std::string_view added, std::size_t offset) {
    events_.ai_draft(id, added, offset);
  };
  auto answer = responder_.respond(ai::Question{assistant, customer_message.text, history, publish_draft});
  const bool agents_available = presence_.available_count() > 0;
  auto store_answer = [this, assistant, conversation_id = customer_message.conversation_id, answer = std::move(answer),
                       agents_available](store::WriteTxn& txn) {
    return store_reply(txn, assistant, conversation_id, answer, agents_available);
  };
  auto logged = [conversation_id = customer_message.conversation_id](bool durable) {
    if (!durable) spdlog::debug("event=ai_reply_not_stored conv={}", conversation_id);
  };
  store_.submit(store::WriteJob{std::move(store_answer), std::move(logged)});
}

bool AiReplies::store_reply(store::WriteTxn& txn, const core::Assistant& assistant, const core::Id& conversation_id,
                            const ai::Reply& reply, bool agents_available) {
  auto conversation = txn.conversation(conversation_id);
  // An agent may have joined while the AI thought: then it stays silent.
  if (!conversation || !core::ai_answers(*conversation)) return false;
  auto hand_over = [&](core::HandoffReason reason) {
    return steps_.accept_handoff_request(txn, *conversation, assistant, reason, agents_available).has_value();
  };
  if (reply.kind == ai::ReplyKind::handoff) {
    // The model decided a person should take over (its transfer_to_human tool).
    if (!reply.text.empty()) {
      steps_.append(txn, *conversation, steps_.new_message(conversation_id, core::Sender::ai, reply.text));
    }
    return hand_over(core::HandoffReason::ai_transfer);
  }
  auto message = steps_.new_message(conversation_id, core::Sender::ai, reply.text);
  message.knowledge_id = reply.knowledge_id;
  message.ai_fallback = reply.kind == ai::ReplyKind::fallback;
  message = steps_.append(txn, *conversation, std::move(message));
  if (!message.ai_fallback || !assistant.live_agent_enabled) return true;
  // Not knowing twice in a row: a person takes it from here.
  const auto recent = txn.messages(conversation_id, std::max<std::int64_t>(0, message.seq - 10), 10);
  return !core::fallbacks_call_for_person(recent) || hand_over(core::HandoffReason::ai_fallback);
}

}  // namespace baton::app
