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
};

bool is_available(const AgentConnectionState& state, TimePoint now, std::chrono::milliseconds grace = kPresenceGrace);

}  // namespace baton::core
