#include "core/availability.hpp"

namespace baton::core {

bool is_available(const AgentConnectionState& state, TimePoint now, std::chrono::milliseconds grace) {
  if (state.presence != Presence::online) return false;
  if (state.open_sockets > 0) return true;
  return state.last_socket_closed_at && now - *state.last_socket_closed_at < grace;
}

}  // namespace baton::core
