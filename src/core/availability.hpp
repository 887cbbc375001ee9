// When an agent counts as available for new handoffs.
#pragma once

#include <chrono>
#include <optional>

#include "core/types.hpp"

namespace baton::core {

// How long an online agent whose sockets all closed still counts (a reload, a flaky network).
inline constexpr std::chrono::seconds kPresenceGrace{60};

struct AgentConnectionState {
  Presence presence = Presence::offline;
  int open_sockets = 0;
  std::optional<TimePoint> last_socket_closed_at;
  // Several nodes: the last heartbeat of another node on which the agent had a socket open.
  std::optional<TimePoint> connected_elsewhere_at;
  TimePoint presence_since;  // when the chosen status last changed (or was first known)
};

bool is_available(const AgentConnectionState& state, TimePoint now, std::chrono::milliseconds grace = kPresenceGrace);

// Since when an agent who is not available has been so (team operations §4.2): from the moment
// they went offline or away, or from the end of the grace after their last socket anywhere
// closed. Unset while available.
std::optional<TimePoint> unavailable_since(const AgentConnectionState& state, TimePoint now,
                                           std::chrono::milliseconds grace = kPresenceGrace);

}  // namespace baton::core
