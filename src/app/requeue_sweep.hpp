// Requeue on agent loss (team operations §4.2): once an agent has been unavailable (offline or
// away, or no socket past the grace) for the assistant's requeue_after_s, each live conversation
// they hold where the customer is waiting on them (the agent never replied, or the customer wrote
// after the agent's last message) goes back to the queue with its original request time. A
// conversation where the agent spoke last stays held: a finished exchange is not yanked.
#pragma once

#include "app/conversation_steps.hpp"
#include "app/presence_service.hpp"
#include "store/store.hpp"

namespace baton::app {

class RequeueSweep {
 public:
  RequeueSweep(store::Store& store, PresenceService& presence, ConversationSteps& steps, ClockFn clock);

  // Blocks (reads, then one write per conversation): call it on the blocking pool, about once a
  // second. Answers how many conversations went back to the queue.
  int sweep();

 private:
  struct Due {
    core::Id conversation_id;
    core::Id agent_id;
  };
  std::vector<Due> due_now();
  // core::requeue_on_loss for the conversation as `txn` reads it.
  bool goes_back(store::ReadTxn& txn, const core::Id& conversation_id, const core::Id& agent_id) const;
  bool requeue(const Due& due);

  store::Store& store_;
  PresenceService& presence_;
  ConversationSteps& steps_;
  ClockFn clock_;
};

}  // namespace baton::app
