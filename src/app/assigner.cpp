#include "app/assigner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace baton::app {
namespace {

// At most this many waiting conversations are read by one pass (a full pass is followed by
// another while agents have room).
constexpr int kMaxPerPass = 200;
constexpr std::size_t kMaxHandedBack = 10'000;

}  // namespace

Assigner::Assigner(store::Store& store, PresenceService& presence, ConversationSteps& steps, ClockFn clock)
    : store_(store), presence_(presence), steps_(steps), clock_(std::move(clock)) {}

void Assigner::stop() {
  std::unique_lock lock(mutex_);
  stopped_ = true;
  passes_ended_.wait(lock, [this] {
    return std::none_of(passes_.begin(), passes_.end(), [](const auto& pass) { return pass.second.running; });
  });
}

void Assigner::kick(const core::Id& assistant_id) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    auto& state = passes_[assistant_id];
    if (state.running) {
      state.again = true;  // the running pass may have read the queue before this change
      return;
    }
    state.running = true;
  }
  submit_pass(assistant_id);
}

void Assigner::kick_all() {
  for (const auto& assistant : presence_.assistants()) {
    if (assistant.routing.mode == core::RoutingMode::automatic) kick(assistant.id);
  }
}

void Assigner::run_again(const core::Id& assistant_id) {
  std::lock_guard lock(mutex_);
  passes_[assistant_id].again = true;
}

void Assigner::queue_changed(const QueueChange& change) {
  if (change.handed_back_by) {
    std::lock_guard lock(mutex_);
    if (handed_back_.size() >= kMaxHandedBack) handed_back_.clear();  // a hint, not a record
    handed_back_[change.conversation_id] = *change.handed_back_by;
  }
  if (change.capacity_freed) {
    kick_all();  // the freed agent may serve other assistants too
  } else if (presence_.routing_mode(change.assistant_id) == core::RoutingMode::automatic) {
    kick(change.assistant_id);  // (a manual assistant's queue is the agents' to claim)
  }
}

void Assigner::submit_pass(const core::Id& assistant_id) {
  store::WriteJob job;
  job.apply = [this, assistant_id](store::WriteTxn& txn) { return run_pass(txn, assistant_id); };
  job.done = [this, assistant_id](bool) { pass_ended(assistant_id); };
  store_.submit(std::move(job));
}

void Assigner::pass_ended(const core::Id& assistant_id) {
  {
    std::lock_guard lock(mutex_);
    auto& state = passes_[assistant_id];
    if (!state.again || stopped_) {
      state.running = false;
      passes_ended_.notify_all();
      return;
    }
    state.again = false;
  }
  submit_pass(assistant_id);
}

std::vector<core::QueuedConversation> Assigner::queue_of(store::WriteTxn& txn, const core::Id& assistant_id,
                                                         int limit) {
  std::vector<core::QueuedConversation> queue;
  auto waiting = txn.assignment_queue(assistant_id, limit);  // read before locking: kick waits on it
  std::lock_guard lock(mutex_);
  for (auto& id : waiting) {
    auto handed_back = handed_back_.find(id);
    std::optional<core::Id> avoid;
    if (handed_back != handed_back_.end()) avoid = handed_back->second;
    queue.push_back(core::QueuedConversation{std::move(id), std::move(avoid)});
  }
  return queue;
}

bool Assigner::skipped(store::WriteTxn& txn, const core::Id& assistant_id, AssignmentSkip why) {
  if (skip_observer_ && txn.queue_summary(assistant_id).waiting > 0) {
    txn.after_commit([this, why] { skip_observer_(why); });
  }
  return true;
}

bool Assigner::run_pass(store::WriteTxn& txn, const core::Id& assistant_id) {
  auto assistant = txn.assistant(assistant_id);
  if (!assistant || assistant->routing.mode != core::RoutingMode::automatic || !assistant->live_agent_enabled) {
    return true;
  }
  if (!assistant->routing.route_after_hours && !presence_.open_now(*assistant)) {
    return skipped(txn, assistant_id, AssignmentSkip::after_hours);  // paused until opening
  }
  const auto members = presence_.available_members(assistant_id);
  if (members.empty()) return skipped(txn, assistant_id, AssignmentSkip::no_agent);
  txn.lock_routing(assistant_id);
  // The candidates' rows first (the global lock order): no claim or other pass changes their
  // load until this commits.
  std::vector<store::LockKey> agent_keys;
  for (const auto& id : members) agent_keys.push_back({store::LockKey::Table::agent, id});
  txn.lock_rows(agent_keys);
  std::unordered_map<core::Id, int> live;
  for (const auto& [agent_id, count] : txn.live_counts()) live[agent_id] = count;
  std::vector<core::Candidate> candidates;
  std::unordered_map<core::Id, std::optional<int>> capacity;
  long room = 0;
  for (const auto& id : members) {
    auto agent = txn.agent(id);
    if (!agent || !core::serves(*agent, assistant_id)) continue;
    core::Load load{live[id], core::capacity_of(*agent, assistant->routing)};
    capacity[id] = load.capacity;
    if (!load.has_room()) continue;
    room += load.capacity ? *load.capacity - load.live : kMaxPerPass;
    candidates.push_back(core::Candidate{id, load, agent->last_assigned_at});
  }
  if (candidates.empty()) return skipped(txn, assistant_id, AssignmentSkip::at_capacity);
  const auto now = clock_();
  const auto plan = core::plan_assignments(
      queue_of(txn, assistant_id, static_cast<int>(std::min<long>(room, kMaxPerPass))), candidates, now);
  std::vector<store::LockKey> conversation_keys;
  for (const auto& assignment : plan)
    conversation_keys.push_back({store::LockKey::Table::conversation, assignment.conversation_id});
  txn.lock_rows(conversation_keys);
  if (static_cast<int>(plan.size()) == kMaxPerPass) run_again(assistant_id);  // more may wait
  for (const auto& assignment : plan) {
    auto conversation = txn.conversation(assignment.conversation_id);
    if (!conversation) continue;
    const core::Load load{live[assignment.agent_id], capacity[assignment.agent_id]};
    auto assigned = steps_.apply_transition(txn, *conversation, *assistant,
                                            [&](const core::Conversation& c, const core::Assistant&) {
                                              return core::assign(c, core::Assignee{assignment.agent_id, load},
                                                                  core::AssignedBy::automatic, std::nullopt, now);
                                            });
    if (!assigned) {
      run_again(assistant_id);  // claimed or closed since the queue was read: its slot is free again
      continue;
    }
    ++live[assignment.agent_id];
    std::lock_guard lock(mutex_);
    handed_back_.erase(assignment.conversation_id);
  }
  return true;
}

}  // namespace baton::app
