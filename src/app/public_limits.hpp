// Limits on what anyone on the internet may do through the widget, per client address, so a
// script cannot bury the agents' queue in fake customers, popups or callback requests. Each
// check takes one action from that address's allowance, or answers 429 with the wait.
#pragma once

#include <string>

#include "app/rate_limiter.hpp"

namespace baton::app {

struct PublicLimitOptions {
  double sessions_per_minute = 30;
  double handoffs_per_minute = 10;
  double offline_messages_per_minute = 5;
};

class PublicLimits {
 public:
  PublicLimits(PublicLimitOptions options, const ClockFn& clock);

  asio::awaitable<core::Result<bool>> new_session(std::string address) {
    return take(sessions_, std::move(address), "new chats");
  }
  asio::awaitable<core::Result<bool>> handoff(std::string address) {
    return take(handoffs_, std::move(address), "requests for a person");
  }
  asio::awaitable<core::Result<bool>> offline_message(std::string address) {
    return take(offline_messages_, std::move(address), "messages left");
  }
  // Several nodes: each allowance counted once for the cluster.
  void share(SharedLimits* shared) {
    sessions_.share(shared, "sessions");
    handoffs_.share(shared, "handoffs");
    offline_messages_.share(shared, "offline");
  }

 private:
  static asio::awaitable<core::Result<bool>> take(RateLimiter& limiter, std::string address, std::string_view what);

  RateLimiter sessions_;
  RateLimiter handoffs_;
  RateLimiter offline_messages_;
};

}  // namespace baton::app
