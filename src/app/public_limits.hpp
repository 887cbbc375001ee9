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

  core::Result<bool> new_session(const std::string& address) { return take(sessions_, address, "new chats"); }
  core::Result<bool> handoff(const std::string& address) { return take(handoffs_, address, "requests for a person"); }
  core::Result<bool> offline_message(const std::string& address) {
    return take(offline_messages_, address, "messages left");
  }

 private:
  static core::Result<bool> take(RateLimiter& limiter, const std::string& address, std::string_view what);

  RateLimiter sessions_;
  RateLimiter handoffs_;
  RateLimiter offline_messages_;
};

}  // namespace baton::app
