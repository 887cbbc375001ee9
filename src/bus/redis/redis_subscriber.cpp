#include "bus/redis/redis_subscriber.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

#include "bus/redis/backoff.hpp"
#include "bus/redis/redis_connection.hpp"

namespace baton::bus::redis {

namespace asio = boost::asio;

namespace {

constexpr auto kPingEvery = std::chrono::seconds(5);
// Silence this long (three pings unanswered) means the connection is dead.
constexpr auto kSilenceLimit = std::chrono::seconds(15);

// Pings on `connection` until `alive` goes false; a failed write ends it too (the reader then
// fails as well).
asio::awaitable<void> keep_pinging(std::shared_ptr<RedisConnection> connection, std::shared_ptr<bool> alive) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const std::string ping = format_command({"PING"});
  while (*alive) {
    timer.expires_after(kPingEvery);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!*alive) co_return;
    co_await connection->write(ping, std::nullopt);
  }
}

bool is_push(const RespValue& reply, std::string_view kind, std::size_t size) {
  return reply.kind == RespValue::Kind::array && reply.elements.size() == size &&
         reply.elements[0].kind == RespValue::Kind::string && reply.elements[0].text == kind;
}

}  // namespace

RedisSubscriber::RedisSubscriber(asio::io_context& io, RedisUrl url, std::string channel,
                                 std::function<void(std::string_view)> on_message, std::function<void()> on_subscribed)
    : io_(io),
      url_(std::move(url)),
      channel_(std::move(channel)),
      on_message_(std::move(on_message)),
      on_subscribed_(std::move(on_subscribed)) {}

void RedisSubscriber::start() { asio::co_spawn(io_, run(), asio::detached); }

asio::awaitable<void> RedisSubscriber::run() {
  Backoff backoff;
  bool reported_down = false;
  asio::steady_timer pause(io_);
  for (;;) {
    auto connection = std::make_shared<RedisConnection>(io_.get_executor());
    auto alive = std::make_shared<bool>(true);
    try {
      co_await connection->open(url_, std::chrono::seconds(3));
      const std::string subscribe = format_command({"SUBSCRIBE", channel_});
      co_await connection->write(subscribe);
      asio::co_spawn(io_, keep_pinging(connection, alive), [](std::exception_ptr) {});
      for (;;) {
        RespValue reply = co_await connection->read(kSilenceLimit);
        if (is_push(reply, "message", 3)) {
          try {
            on_message_(reply.elements[2].text);
          } catch (const std::exception& error) {
            spdlog::error("event=bus_message_failed error=\"{}\"", error.what());
          }
        } else if (is_push(reply, "subscribe", 3)) {
          subscribed_ = true;
          backoff.reset();
          if (reported_down) spdlog::info("event=redis_reconnected role=subscriber");
          reported_down = false;
          on_subscribed_();
        } else if (reply.is_error()) {
          throw RespError("Redis SUBSCRIBE: " + reply.text);
        }
      }
    } catch (const std::exception& error) {
      if (!reported_down) spdlog::warn("event=redis_unreachable role=subscriber error=\"{}\"", describe(error));
      reported_down = true;
    }
    subscribed_ = false;
    *alive = false;
    connection->close();
    pause.expires_after(backoff.next());
    co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace baton::bus::redis
