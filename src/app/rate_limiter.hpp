// Per-key token buckets (a visitor's conversation, a client address, an account), so one noisy
// sender cannot flood the store or the agents. Keys idle long enough to be full again are
// forgotten, and the table never holds more than kMaxKeys (past that the fullest are dropped
// first, which only ever favours the sender), so a flood of distinct keys cannot grow memory.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <mutex>
#include <string>
#include <unordered_map>

#include "app/presence_service.hpp"
#include "app/shared_limits.hpp"
#include "core/rate_limit.hpp"

namespace baton::app {

class RateLimiter {
 public:
  static constexpr std::size_t kMaxKeys = 100'000;

  RateLimiter(core::RatePolicy policy, ClockFn clock) : policy_(policy), clock_(std::move(clock)) {}
  // Takes one action for `key`; false when its allowance is used up.
  bool allow(const std::string& key);
  // 0 and one action taken, or the whole seconds to wait before trying again.
  int take_or_wait(const std::string& key);
  // Seconds to wait before `key` may act (0: now); takes nothing. For limits counted only on
  // failure (logins), checked before the work and charged after it.
  int wait_before(const std::string& key);
  void charge(const std::string& key);

  // Several nodes: counts in `shared` under `name` (the cluster's allowance), and on this node's
  // own buckets only while `shared` does not answer. Set before serving.
  void share(SharedLimits* shared, std::string name) {
    shared_ = shared;
    name_ = std::move(name);
  }
  // take_or_wait, across the cluster when shared.
  boost::asio::awaitable<int> take_or_wait_shared(std::string key);

 private:
  core::TokenBucket& bucket(const std::string& key, core::TimePoint now);
  void forget_full_buckets(core::TimePoint now, bool forced);

  core::RatePolicy policy_;
  ClockFn clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, core::TokenBucket> buckets_;
  core::TimePoint last_sweep_{};
  SharedLimits* shared_ = nullptr;
  std::string name_;
};

}  // namespace baton::app
