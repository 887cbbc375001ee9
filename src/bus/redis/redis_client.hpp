// The command connection to Redis: commands from any thread, written in batches (pipelined) by
// one coroutine on the bus's own thread, replies handed back in order. It reconnects forever
// with jittered backoff and pings when idle. While Redis is away a command fails at once
// (nothing queues up without bound): its callers fall back or rely on the catch-up sweep.
#pragma once

#include <atomic>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bus/redis/redis_connection.hpp"
#include "bus/redis/redis_url.hpp"
#include "bus/redis/resp.hpp"

namespace baton::bus::redis {

class RedisClient {
 public:
  // Nothing: Redis was not reachable, or the connection broke before the reply.
  using Callback = std::function<void(std::optional<RespValue>)>;

  RedisClient(boost::asio::io_context& io, RedisUrl url);

  // Starts the connection loop (on `io`'s thread).
  void start();

  // From any thread; `done` runs on the bus thread and must not block.
  void send(const std::vector<std::string>& args, Callback done = {});

  // For coroutines on any executor: resumes there with the reply.
  boost::asio::awaitable<std::optional<RespValue>> call(std::vector<std::string> args);

  bool connected() const { return connected_.load(); }

  // Commands waiting beyond this many fail at once (Redis far behind: better to drop than grow).
  static constexpr std::size_t kMaxQueued = 100000;

 private:
  struct Pending {
    std::string bytes;
    Callback done;
  };

  boost::asio::awaitable<void> run();
  boost::asio::awaitable<void> serve(RedisConnection& connection);
  void fail_all();

  boost::asio::io_context& io_;
  RedisUrl url_;
  boost::asio::steady_timer wake_;
  std::deque<Pending> queued_;    // the bus thread only
  std::deque<Pending> inflight_;  // written, reply awaited
  std::atomic<bool> connected_ = false;
};

}  // namespace baton::bus::redis
