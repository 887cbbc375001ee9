#include "core/availability.hpp"

namespace baton::core {

bool is_available(const AgentConnectionState& state, TimePoint now, std::chrono::milliseconds grace) {
  if (state.presence != Presence::online) return false;
  if (state.open_sockets > 0) return true;
  const auto within_grace = [&](const std::optional<TimePoint>& at) { return at && now - *at < grace; };
  return within_grace(state.last_socket_closed_at) || within_grace(state.connected_elsewhere_at);
}

}  // namespace baton::core
