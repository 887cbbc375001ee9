#include "app/ai_replies.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cstdlib>

#include "store/commit_and_wait.hpp"

namespace baton::app {

AiReplies::AiReplies(store::Store& store, boost::asio::thread_pool& pool, EventPublisher& events,
                     PresenceService& presence, ai::Responder& responder, ConversationSteps& steps, ClockFn clock,
                     std::chrono::seconds lease)
    : store_(store),
      pool_(pool),
      events_(events),
      presence_(presence),
      responder_(responder),
      steps_(steps),
      clock_(std::move(clock)),
      lease_(lease) {}

void AiReplies::answer_after_commit(store::WriteTxn& txn, const core::Assistant& assistant,
                                    const core::Message& customer_message) {
  const auto now = clock_();
  txn.insert_ai_job(
      store::AiJob{customer_message.id, customer_message.conversation_id, assistant.id, now + lease_, now});
  txn.after_commit([this, assistant, customer_message] { answer(assistant, customer_message); });
}

int AiReplies::resume_due() {
  const auto now = clock_();
  std::vector<store::AiJob> due;
  {
    auto txn = store_.begin_read();
    due = txn->due_ai_jobs(now, 50);
  }
  int taken = 0;
  for (const auto& job : due) {
    // Still being answered here (an LLM may take longer than the lease): not again.
    if (answering(job.message_id)) continue;
    const bool stale = job.created_at < now - kWorthAnswering;
    bool claimed = false;
    const bool stored = store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
      claimed = stale ? txn.finish_ai_job(job.message_id) : txn.claim_ai_job(job.message_id, now, now + lease_);
      return true;
    });
    if (!stored || !claimed) continue;  // another node took it first
    if (stale) {
      spdlog::info("event=ai_reply_dropped conv={} reason=too_late", job.conversation_id);
      continue;
    }
    auto txn = store_.begin_read();
    auto assistant = txn->assistant(job.assistant_id);
    auto message = txn->message(job.message_id);
    txn.reset();
    if (!assistant || !message) continue;
    spdlog::info("event=ai_reply_resumed conv={} message={}", job.conversation_id, job.message_id);
    answer(*assistant, *message);
    ++taken;
  }
  return taken;
}

bool AiReplies::answering(const core::Id& message_id) {
  std::lock_guard lock(answering_mutex_);
  return answering_.contains(message_id);
}

void AiReplies::answer(const core::Assistant& assistant, core::Message customer_message) {
  // A test's fault: die after storing the message and its job, before answering.
  static const bool exit_before_answer = std::getenv("BATON_TEST_EXIT_BEFORE_AI_ANSWER") != nullptr;
  if (exit_before_answer) std::_Exit(75);
  {
    std::lock_guard lock(answering_mutex_);
    answering_.insert(customer_message.id);
  }
  boost::asio::post(pool_, [this, assistant, customer_message = std::move(customer_message)] {
    struct Done {  // however the job ends
      AiReplies& self;
      const core::Id& id;
      ~Done() {
        std::lock_guard lock(self.answering_mutex_);
        self.answering_.erase(id);
      }
    } done{*this, customer_message.id};
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
  const bool agents_available = presence_.on_duty(assistant.id) > 0;
  // Only the first answer to a message is stored (another node may have answered it after this
  // one's lease ran out); a job whose answer is not wanted any more (an agent joined) ends too.
  auto store_answer = [this, assistant, message_id = customer_message.id,
                       conversation_id = customer_message.conversation_id, answer = std::move(answer),
                       agents_available](store::WriteTxn& txn) {
    if (!txn.finish_ai_job(message_id)) return false;
    return store_reply(txn, assistant, conversation_id, answer, agents_available);
  };
  auto logged = [this, message_id = customer_message.id](bool stored) {
    if (stored) return;
    // Nothing stored (nothing to say, or the store refused): the job still ends, in a write of
    // its own (if that fails too, the job falls due later and is answered or dropped then).
    store_.submit(store::WriteJob{[message_id](store::WriteTxn& txn) {
                                    txn.finish_ai_job(message_id);
                                    return true;
                                  },
                                  [](bool) {}});
  };
  store_.submit(store::WriteJob{std::move(store_answer), std::move(logged),
                                store::conversation_lock(customer_message.conversation_id)});
}

bool AiReplies::store_reply(store::WriteTxn& txn, const core::Assistant& assistant, const core::Id& conversation_id,
                            const ai::Reply& reply, bool agents_available) {
  auto conversation = txn.conversation(conversation_id);
  // An agent may have joined while the AI thought: then it stays silent.
  if (!conversation || !core::ai_answers(*conversation)) return false;
  if (answer_observer_) {
    ai::Reply told{reply.kind, {}, std::nullopt, 0, reply.by_llm};  // the text stays out of the metrics
    txn.after_commit([this, told] { answer_observer_(told); });
  }
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
