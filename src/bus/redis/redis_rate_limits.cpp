#include "bus/redis/redis_rate_limits.hpp"

#include <cmath>

namespace baton::bus::redis {

namespace {

// KEYS[1]: the sender's key. ARGV: the interval between actions and the burst's tolerance, in
// microseconds. Answers 0 (taken) or the microseconds to wait.
constexpr const char* kTakeScript = R"lua(
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait > 0 then return math.ceil(wait) end
local next_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000) + 1000)
return 0
)lua";

}  // namespace

boost::asio::awaitable<std::optional<long long>> RedisRateLimits::take(std::string key, double burst,
                                                                       double interval_us) {
  const double tolerance = std::max(0.0, burst - 1) * interval_us;
  std::vector<std::string> command{"EVAL",
                                   kTakeScript,
                                   "1",
                                   "baton:rate:" + key,
                                   std::to_string(static_cast<long long>(std::ceil(interval_us))),
                                   std::to_string(static_cast<long long>(std::ceil(tolerance)))};
  auto reply = co_await redis_.call(std::move(command));
  if (!reply || reply->kind != RespValue::Kind::integer) co_return std::nullopt;
  co_return reply->integer;
}

}  // namespace baton::bus::redis
