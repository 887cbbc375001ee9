#include "app/public_limits.hpp"

namespace baton::app {
namespace {

// A per-minute allowance that may all be used at once, then refills evenly.
core::RatePolicy per_minute(double count) { return core::RatePolicy{count, count / 60.0}; }

}  // namespace

PublicLimits::PublicLimits(PublicLimitOptions options, const ClockFn& clock)
    : sessions_(per_minute(options.sessions_per_minute), clock),
      handoffs_(per_minute(options.handoffs_per_minute), clock),
      offline_messages_(per_minute(options.offline_messages_per_minute), clock) {}

core::Result<bool> PublicLimits::take(RateLimiter& limiter, const std::string& address, std::string_view what) {
  const int wait = limiter.take_or_wait(address);
  if (wait > 0) return core::too_many("too many " + std::string(what) + " from this address; try again later", wait);
  return true;
}

}  // namespace baton::app
