// Every widget socket the machine allows, open at once on one assistant: what each costs the
// server (and the kernel), how long one presence change takes to reach all of them, and how
// they all come back, with backoff and after_seq, when they are dropped at once.
#pragma once

#include <sys/types.h>

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

namespace baton::bench {

struct WidgetVisitor {
  std::string token;
  std::string conversation_id;
};

struct WidgetSocketFigures {
  int opened = 0;
  int failed = 0;
  double server_rss_mib = 0;
  double server_kib_per_socket = 0;
  // The kernel's memory for both ends of each loopback connection (measures.hpp), per connection.
  double kernel_kib_per_connection = 0;

  int presence_rounds = 0;
  double presence_p50_ms = 0;
  double presence_p99_ms = 0;
  int presence_missed = 0;  // socket-rounds that never heard the change
  // The baseline: the same rounds through a bare Beast server (bare_broadcaster.cpp).
  double bare_p50_ms = 0;
  double bare_p99_ms = 0;
  int bare_missed = 0;

  double storm_p50_ms = 0;  // from the drop until the socket has everything it missed
  double storm_p99_ms = 0;
  int storm_caught_up = 0;
  int storm_failed_attempts = 0;  // refused or failed connections, tried again with backoff
  int storm_messages = 0;         // agent messages posted while the sockets were down
  int storm_missed = 0;
  int storm_doubled = 0;
};

// `visitors`: widget sessions of one assistant on which `agent_token`'s agent is online.
boost::asio::awaitable<WidgetSocketFigures> measure_widget_sockets(unsigned short port, pid_t server,
                                                                   std::string agent_token,
                                                                   std::vector<WidgetVisitor> visitors);

}  // namespace baton::bench
