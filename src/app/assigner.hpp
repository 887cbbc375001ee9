// Auto mode (team operations §4.1): gives each waiting customer to the least busy available
// member with room, in queue order. A pass runs whenever the queue or a capacity changes (a
// handoff, Done, a transfer, a requeue, an agent coming on duty, settings changed); passes of
// one assistant never overlap (one at a time here, a PostgreSQL advisory lock across nodes),
// and each assignment is checked against the row and the agent's load in its transaction.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "app/conversation_steps.hpp"
#include "app/presence_service.hpp"
#include "store/store.hpp"

namespace baton::app {

// Why an auto-mode pass left a waiting queue as it was (/metrics baton_assignment_skips_total).
enum class AssignmentSkip { no_agent, at_capacity, after_hours };

class Assigner {
 public:
  Assigner(store::Store& store, PresenceService& presence, ConversationSteps& steps, ClockFn clock);

  // Runs a pass for the assistant soon (at once, or after the running one).
  void kick(const core::Id& assistant_id);
  // A pass for every assistant in auto mode (an agent's room or presence changed).
  void kick_all();
  // What a committed transition changed (ConversationSteps::on_queue_changed).
  void queue_changed(const QueueChange& change);
  // No pass starts after this, and it returns once the running ones have ended (shutdown).
  void stop();
  // Told, once its pass committed, of each pass that found customers waiting and could give
  // none of them to anyone (set before serving).
  void on_skip(std::function<void(AssignmentSkip)> observer) { skip_observer_ = std::move(observer); }

 private:
  struct PassState {
    bool running = false;
    bool again = false;
  };
  void submit_pass(const core::Id& assistant_id);
  void pass_ended(const core::Id& assistant_id);
  // The running pass of the assistant is to be followed by another.
  void run_again(const core::Id& assistant_id);
  bool run_pass(store::WriteTxn& txn, const core::Id& assistant_id);
  std::vector<core::QueuedConversation> queue_of(store::WriteTxn& txn, const core::Id& assistant_id, int limit);
  // The pass ends without assigning: told after commit, when someone waits.
  bool skipped(store::WriteTxn& txn, const core::Id& assistant_id, AssignmentSkip why);

  store::Store& store_;
  PresenceService& presence_;
  ConversationSteps& steps_;
  ClockFn clock_;
  std::mutex mutex_;
  std::condition_variable passes_ended_;
  bool stopped_ = false;
  std::unordered_map<core::Id, PassState> passes_;
  // Conversations handed back to the queue, and by whom: not given straight back to them.
  std::unordered_map<core::Id, core::Id> handed_back_;
  std::function<void(AssignmentSkip)> skip_observer_;
};

}  // namespace baton::app
