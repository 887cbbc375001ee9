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

asio::awaitable<core::Result<bool>> PublicLimits::take(RateLimiter& limiter, std::string address,
                                                       std::string_view what) {
  const int wait = co_await limiter.take_or_wait_shared(std::move(address));
  if (wait > 0) {
    co_return core::too_many("too many " + std::string(what) + " from this address; try again later", wait);
  }
  co_return true;
}

}  // namespace baton::app
