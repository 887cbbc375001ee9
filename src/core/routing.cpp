#include "core/routing.hpp"

#include <algorithm>

namespace baton::core {
namespace {

// The pick's order: fewer live conversations, then assigned longer ago, then the id.
bool picked_before(const Candidate& a, const Candidate& b) {
  if (a.load.live != b.load.live) return a.load.live < b.load.live;
  const auto a_last = a.last_assigned_at.value_or(TimePoint::min());
  const auto b_last = b.last_assigned_at.value_or(TimePoint::min());
  if (a_last != b_last) return a_last < b_last;
  return a.agent_id < b.agent_id;
}

Candidate* pick(std::vector<Candidate>& candidates, const std::optional<Id>& avoid) {
  Candidate* best = nullptr;
  Candidate* avoided = nullptr;
  for (auto& candidate : candidates) {
    if (!candidate.load.has_room()) continue;
    if (avoid && candidate.agent_id == *avoid) {
      avoided = &candidate;
      continue;
    }
    if (!best || picked_before(candidate, *best)) best = &candidate;
  }
  return best ? best : avoided;
}

}  // namespace

bool serves(const Agent& agent, const Id& assistant_id) {
  return serves(agent.assistant_ids, agent.disabled, assistant_id);
}

bool serves(const std::vector<Id>& assistant_ids, bool disabled, const Id& assistant_id) {
  if (disabled) return false;
  return assistant_ids.empty() ||
         std::find(assistant_ids.begin(), assistant_ids.end(), assistant_id) != assistant_ids.end();
}

std::optional<int> capacity_of(const Agent& agent, const RoutingSettings& routing) {
  return agent.max_concurrent ? agent.max_concurrent : routing.default_capacity;
}

std::vector<Assignment> plan_assignments(const std::vector<QueuedConversation>& queue,
                                         std::vector<Candidate> candidates, TimePoint now) {
  std::vector<Assignment> plan;
  for (const auto& waiting : queue) {
    auto* chosen = pick(candidates, waiting.avoid_agent_id);
    if (!chosen) break;  // nobody has room: the rest keep their places
    plan.push_back(Assignment{waiting.conversation_id, chosen->agent_id});
    ++chosen->load.live;
    chosen->last_assigned_at = now;
  }
  return plan;
}

bool requeue_delay_over(TimePoint unavailable_since, std::optional<TimePoint> assigned_at, int requeue_after_s,
                        TimePoint now) {
  if (requeue_after_s <= 0) return false;
  const auto from = std::max(unavailable_since, assigned_at.value_or(unavailable_since));
  return now - from >= std::chrono::seconds(requeue_after_s);
}

bool requeue_on_loss(bool agent_disabled, std::optional<std::int64_t> customer_last_seq,
                     std::optional<std::int64_t> agent_last_seq) {
  if (agent_disabled || !agent_last_seq) return true;
  return customer_last_seq && *customer_last_seq > *agent_last_seq;
}

}  // namespace baton::core
