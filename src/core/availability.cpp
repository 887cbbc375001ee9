#include "core/availability.hpp"

#include <algorithm>

namespace baton::core {

bool is_available(const AgentConnectionState& state, TimePoint now, std::chrono::milliseconds grace) {
  if (state.presence != Presence::online) return false;
  if (state.open_sockets > 0) return true;
  const auto within_grace = [&](const std::optional<TimePoint>& at) { return at && now - *at < grace; };
  return within_grace(state.last_socket_closed_at) || within_grace(state.connected_elsewhere_at);
}

std::optional<TimePoint> unavailable_since(const AgentConnectionState& state, TimePoint now,
                                           std::chrono::milliseconds grace) {
  if (is_available(state, now, grace)) return std::nullopt;
  if (state.presence != Presence::online) return state.presence_since;
  // Online, but no socket within the grace: gone since the grace after the last one ended.
  TimePoint last_seen = state.presence_since;
  if (state.last_socket_closed_at) last_seen = std::max(last_seen, *state.last_socket_closed_at);
  if (state.connected_elsewhere_at) last_seen = std::max(last_seen, *state.connected_elsewhere_at);
  return last_seen + grace;
}

}  // namespace baton::core
