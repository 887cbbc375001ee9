#include "app/rate_limiter.hpp"

namespace baton::app {

boost::asio::awaitable<int> RateLimiter::take_or_wait_shared(std::string key) {
  if (shared_) {
    std::string shared_key = name_ + ":" + key;
    const auto wait = co_await shared_->take(std::move(shared_key), policy_);
    if (wait) co_return *wait;
  }
  co_return take_or_wait(key);
}

bool RateLimiter::allow(const std::string& key) { return take_or_wait(key) == 0; }

int RateLimiter::take_or_wait(const std::string& key) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  auto& found = bucket(key, now);
  if (core::take_token(found, policy_, now)) return 0;
  return core::seconds_until_token(found, policy_, now);
}

int RateLimiter::wait_before(const std::string& key) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  return core::seconds_until_token(bucket(key, now), policy_, now);
}

void RateLimiter::charge(const std::string& key) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  core::take_token(bucket(key, now), policy_, now);
}

core::TokenBucket& RateLimiter::bucket(const std::string& key, core::TimePoint now) {
  forget_full_buckets(now, buckets_.size() >= kMaxKeys);
  return buckets_[key];
}

void RateLimiter::forget_full_buckets(core::TimePoint now, bool forced) {
  if (!forced && now - last_sweep_ < std::chrono::seconds(60)) return;
  last_sweep_ = now;
  const auto refill = std::chrono::duration<double>(policy_.burst / policy_.per_second);
  std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated_at > refill; });
  // Still full of recent keys (a flood from many addresses): start afresh rather than grow.
  if (buckets_.size() >= kMaxKeys) buckets_.clear();
}

}  // namespace baton::app
