// The two sockets of API.md: the agent socket (every conversation's events, the handoff popup
// for available agents) and the widget socket (one visitor's conversation and the agent count).
#pragma once

#include "app/services.hpp"
#include "channels/http/server.hpp"
#include "channels/ws/socket_session.hpp"

namespace baton::channels::ws {

struct SocketOptions {
  int max_sockets_per_visitor = 10;
  SocketMetrics agent_metrics;  // /metrics: open agent sockets, slow ones dropped
  SocketMetrics widget_metrics;
};

// Dispatches an upgrade request to the socket its path names.
http::UpgradeHandler socket_endpoints(app::Services& services, const SocketOptions& options);

}  // namespace baton::channels::ws
