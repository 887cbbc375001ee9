#include "bus/redis/redis_client.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "bus/redis/backoff.hpp"
#include "bus/redis/redis_connection.hpp"

namespace baton::bus::redis {

namespace asio = boost::asio;

namespace {

constexpr auto kConnectDeadline = std::chrono::seconds(3);
constexpr auto kReplyDeadline = std::chrono::seconds(10);
constexpr auto kIdlePing = std::chrono::seconds(5);

}  // namespace

RedisClient::RedisClient(asio::io_context& io, RedisUrl url) : io_(io), url_(std::move(url)), wake_(io) {}

void RedisClient::start() {
  asio::co_spawn(io_, run(), [](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      spdlog::error("event=redis_client_stopped error=\"{}\"", error.what());
    }
  });
}

void RedisClient::send(const std::vector<std::string>& args, Callback done) {
  asio::post(io_, [this, bytes = format_command(args), done = std::move(done)]() mutable {
    if (!connected_ || queued_.size() >= kMaxQueued) {
      if (done) done(std::nullopt);
      return;
    }
    const bool was_idle = queued_.empty();
    queued_.push_back({std::move(bytes), std::move(done)});
    if (was_idle) wake_.cancel();
  });
}

asio::awaitable<std::optional<RespValue>> RedisClient::call(std::vector<std::string> args) {
  auto initiate = [this](auto handler, std::vector<std::string> command) {
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    send(command, [shared](std::optional<RespValue> reply) {
      auto executor = asio::get_associated_executor(*shared);
      asio::post(executor, [shared, reply = std::move(reply)]() mutable { (*shared)(std::move(reply)); });
    });
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::optional<RespValue>)>(
      initiate, asio::use_awaitable, std::move(args));
}

asio::awaitable<void> RedisClient::run() {
  Backoff backoff;
  bool reported_down = false;
  asio::steady_timer pause(io_);
  for (;;) {
    RedisConnection connection(io_.get_executor());
    try {
      co_await connection.open(url_, kConnectDeadline);
      connected_ = true;
      backoff.reset();
      if (reported_down) spdlog::info("event=redis_reconnected role=commands");
      reported_down = false;
      co_await serve(connection);
    } catch (const std::exception& error) {
      if (!reported_down) spdlog::warn("event=redis_unreachable role=commands error=\"{}\"", describe(error));
      reported_down = true;
    }
    connected_ = false;
    connection.close();
    fail_all();
    pause.expires_after(backoff.next());
    co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

asio::awaitable<void> RedisClient::serve(RedisConnection& connection) {
  for (;;) {
    if (queued_.empty()) {
      wake_.expires_after(kIdlePing);
      co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
      // Idle for a while: a ping finds a dead peer that TCP alone would not notice soon.
      if (queued_.empty()) queued_.push_back({format_command({"PING"}), {}});
    }
    std::string bytes;
    inflight_.swap(queued_);
    for (const auto& pending : inflight_) bytes += pending.bytes;
    co_await connection.write(bytes);
    while (!inflight_.empty()) {
      RespValue reply = co_await connection.read(kReplyDeadline);
      Pending answered = std::move(inflight_.front());
      inflight_.pop_front();
      if (answered.done) answered.done(std::move(reply));
    }
  }
}

void RedisClient::fail_all() {
  auto failed = std::move(inflight_);
  inflight_.clear();
  for (auto& pending : queued_) failed.push_back(std::move(pending));
  queued_.clear();
  for (auto& pending : failed) {
    if (pending.done) pending.done(std::nullopt);
  }
}

}  // namespace baton::bus::redis
