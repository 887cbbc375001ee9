// Per-key token buckets (a visitor's conversation, say), so one noisy sender cannot flood the
// store or the agents. Keys idle long enough to be full again are forgotten.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "app/presence_service.hpp"
#include "core/rate_limit.hpp"

namespace baton::app {

class RateLimiter {
 public:
  RateLimiter(core::RatePolicy policy, ClockFn clock) : policy_(policy), clock_(std::move(clock)) {}
  bool allow(const std::string& key);

 private:
  void forget_full_buckets(core::TimePoint now);

  core::RatePolicy policy_;
  ClockFn clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, core::TokenBucket> buckets_;
  core::TimePoint last_sweep_{};
};

}  // namespace baton::app
