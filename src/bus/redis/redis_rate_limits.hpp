// Rate limits shared by the nodes, in Redis: one key per limited sender holding its theoretical
// arrival time (GCRA, the token bucket's twin), updated atomically by a small Lua script with
// Redis's own clock, so nodes' clocks do not matter. A key expires once its sender is idle.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "bus/redis/redis_client.hpp"

namespace baton::bus::redis {

class RedisRateLimits {
 public:
  explicit RedisRateLimits(RedisClient& redis) : redis_(redis) {}

  // One action of `key`: 0 when allowed (and counted), else the microseconds until it would
  // be; nothing when Redis did not answer. `burst` actions at once, then one per `interval_us`.
  boost::asio::awaitable<std::optional<long long>> take(std::string key, double burst, double interval_us);

 private:
  RedisClient& redis_;
};

}  // namespace baton::bus::redis
