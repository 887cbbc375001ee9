// One TCP connection to Redis, driven by one coroutine at a time (one read and one write may be
// outstanding together). Every failure throws; the owner reconnects.
#pragma once

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "bus/redis/redis_url.hpp"
#include "bus/redis/resp.hpp"

namespace baton::bus::redis {

// A failure in a few words for the log (a system error's message, not its source location).
std::string describe(const std::exception& error);

class RedisConnection {
 public:
  explicit RedisConnection(const boost::asio::any_io_executor& executor);

  // Connects (within `deadline`), then AUTH and SELECT as the URL says.
  boost::asio::awaitable<void> open(const RedisUrl& url, std::chrono::milliseconds deadline);
  // `deadline`: none leaves the one of a pending read in force (the stream has one timer).
  boost::asio::awaitable<void> write(const std::string& bytes,
                                     std::optional<std::chrono::milliseconds> deadline = std::chrono::seconds(10));
  // The next reply, waiting at most `deadline` for it.
  boost::asio::awaitable<RespValue> read(std::chrono::milliseconds deadline);
  // A command and its reply; a Redis error reply throws.
  boost::asio::awaitable<RespValue> call(const std::vector<std::string>& args, std::chrono::milliseconds deadline);
  void close();

 private:
  boost::beast::tcp_stream stream_;
  RespParser parser_;
  std::array<char, 16384> buffer_{};
};

}  // namespace baton::bus::redis
