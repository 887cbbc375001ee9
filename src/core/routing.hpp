// Who serves an assistant's waiting customers (team operations §4.1): membership, capacity and
// the pick of auto mode. Pure functions over what the caller read in its transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/types.hpp"

namespace baton::core {

// An agent's live conversations against what they may hold (unset: unlimited).
struct Load {
  int live = 0;
  std::optional<int> capacity;
  bool has_room() const { return !capacity || live < *capacity; }
};

// Whether the agent serves the assistant's customers: a member (no list means every assistant)
// whose account is enabled.
bool serves(const Agent& agent, const Id& assistant_id);
bool serves(const std::vector<Id>& assistant_ids, bool disabled, const Id& assistant_id);

// The agent's own max_concurrent, else the assistant's default, else unlimited.
std::optional<int> capacity_of(const Agent& agent, const RoutingSettings& routing);

// An available member of the assistant, as the pass sees them.
struct Candidate {
  Id agent_id;
  Load load;
  std::optional<TimePoint> last_assigned_at;
};

// A waiting conversation in queue order; `avoid_agent_id` is who just handed it back (a
// transfer to the queue), chosen again only when nobody else has room.
struct QueuedConversation {
  Id conversation_id;
  std::optional<Id> avoid_agent_id;
};

struct Assignment {
  Id conversation_id;
  Id agent_id;
};

// One assignment pass: each conversation in order goes to the candidate with room and the
// fewest live conversations, then the longest since their last assignment (never assigned
// first), then the lowest id; the pass stops when nobody has room.
std::vector<Assignment> plan_assignments(const std::vector<QueuedConversation>& queue,
                                         std::vector<Candidate> candidates, TimePoint now);

// Requeue on agent loss (team operations §4.2). The delay runs from the agent's leaving, or from
// the conversation's assignment when that came later (given to someone already away); 0: never.
bool requeue_delay_over(TimePoint unavailable_since, std::optional<TimePoint> assigned_at, int requeue_after_s,
                        TimePoint now);
// Whether the conversation goes back: the customer is waiting on the agent (the agent never
// answered, or the customer wrote after the agent's last message), or the agent's account is
// disabled (they will not come back). An exchange the agent finished stays with them.
bool requeue_on_loss(bool agent_disabled, std::optional<std::int64_t> customer_last_seq,
                     std::optional<std::int64_t> agent_last_seq);

}  // namespace baton::core
