// The subscriber connection: SUBSCRIBE to one channel and hand each message to `on_message` on
// the bus thread (which must not block: Redis drops a subscriber that falls behind). Reconnects
// forever; `on_subscribed` runs after every (re)subscription, when events may have been missed.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "bus/redis/redis_url.hpp"

namespace baton::bus::redis {

class RedisSubscriber {
 public:
  RedisSubscriber(boost::asio::io_context& io, RedisUrl url, std::string channel,
                  std::function<void(std::string_view)> on_message, std::function<void()> on_subscribed);
  void start();
  bool subscribed() const { return subscribed_.load(); }

 private:
  boost::asio::awaitable<void> run();

  boost::asio::io_context& io_;
  RedisUrl url_;
  std::string channel_;
  std::function<void(std::string_view)> on_message_;
  std::function<void()> on_subscribed_;
  std::atomic<bool> subscribed_ = false;
};

}  // namespace baton::bus::redis
