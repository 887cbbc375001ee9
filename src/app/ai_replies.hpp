// The AI's answer to a customer's message, for every channel: after the message is durable the
// responder runs on the blocking pool, and its reply is stored in a write job of its own, unless
// an agent joined meanwhile. A reply that is a call for a person (the model's tool, or a second
// fallback in a row) hands the conversation over.
//
// The answer is durable work: an ai_jobs row is written with the customer's message, held by
// the node answering for `lease`. If that node dies first, the job falls due and any node (this
// one restarted, or another of a cluster) answers it; only the first stored answer counts.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "ai/responder.hpp"
#include "app/conversation_steps.hpp"
#include "app/presence_service.hpp"
#include "store/store.hpp"

namespace baton::app {

class AiReplies {
 public:
  AiReplies(store::Store& store, boost::asio::thread_pool& pool, EventPublisher& events, PresenceService& presence,
            ai::Responder& responder, ConversationSteps& steps, ClockFn clock,
            std::chrono::seconds lease = std::chrono::seconds(30));

  // Inside the write job that stored `customer_message`: answers it once the job commits.
  void answer_after_commit(store::WriteTxn& txn, const core::Assistant& assistant,
                           const core::Message& customer_message);

  // Answers the jobs whose node died before answering (due, unheld); drops those too old to be
  // worth an answer now. Store reads and writes: off the network threads. Answers how many it took.
  int resume_due();

  // An answer this late would only confuse: the customer has moved on (or asked for a person).
  static constexpr std::chrono::minutes kWorthAnswering{2};

  // Told of each answer stored, once committed (/metrics; set before serving).
  void on_answer_committed(std::function<void(const ai::Reply&)> observer) { answer_observer_ = std::move(observer); }

 private:
  // Posts the job on the pool, under one catch (an escaping exception would end the process).
  void answer(const core::Assistant& assistant, core::Message customer_message);
  // The job itself (may throw: answer catches).
  void reply(const core::Assistant& assistant, const core::Message& customer_message);
  // Inside the write job: the reply as a message, and a handoff when it calls for a person.
  // False: nothing to store.
  bool store_reply(store::WriteTxn& txn, const core::Assistant& assistant, const core::Id& conversation_id,
                   const ai::Reply& reply, bool agents_available);
  // The messages before a customer's message, for an LLM's context.
  std::vector<core::Message> recent_history(const core::Message& customer_message);

  store::Store& store_;
  boost::asio::thread_pool& pool_;
  EventPublisher& events_;
  PresenceService& presence_;
  ai::Responder& responder_;
  ConversationSteps& steps_;
  ClockFn clock_;
  std::chrono::seconds lease_;
  // The messages this node is answering now (an answer is written once its job has run).
  bool answering(const core::Id& message_id);
  std::mutex answering_mutex_;
  std::unordered_set<core::Id> answering_;
  std::function<void(const ai::Reply&)> answer_observer_;
};

}  // namespace baton::app
