#include "app/rate_limiter.hpp"

namespace baton::app {

bool RateLimiter::allow(const std::string& key) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  forget_full_buckets(now);
  return core::take_token(buckets_[key], policy_, now);
}

void RateLimiter::forget_full_buckets(core::TimePoint now) {
  if (now - last_sweep_ < std::chrono::seconds(60)) return;
  last_sweep_ = now;
  const auto refill = std::chrono::duration<double>(policy_.burst / policy_.per_second);
  std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated_at > refill; });
}

}  // namespace baton::app
