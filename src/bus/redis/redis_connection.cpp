#include "bus/redis/redis_connection.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace baton::bus::redis {

namespace asio = boost::asio;
using asio::ip::tcp;

std::string describe(const std::exception& error) {
  if (const auto* system = dynamic_cast<const boost::system::system_error*>(&error)) return system->code().message();
  return error.what();
}

RedisConnection::RedisConnection(const asio::any_io_executor& executor) : stream_(executor) {}

asio::awaitable<void> RedisConnection::open(const RedisUrl& url, std::chrono::milliseconds deadline) {
  tcp::resolver resolver(co_await asio::this_coro::executor);
  auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
  stream_.expires_after(deadline);
  co_await stream_.async_connect(endpoints, asio::use_awaitable);
  stream_.socket().set_option(tcp::no_delay(true));
  stream_.socket().set_option(asio::socket_base::keep_alive(true));
  if (url.password) {
    std::vector<std::string> auth{"AUTH", *url.password};
    co_await call(auth, deadline);
  }
  if (url.database != 0) {
    std::vector<std::string> select{"SELECT", std::to_string(url.database)};
    co_await call(select, deadline);
  }
}

asio::awaitable<void> RedisConnection::write(const std::string& bytes,
                                             std::optional<std::chrono::milliseconds> deadline) {
  if (deadline) stream_.expires_after(*deadline);
  co_await asio::async_write(stream_, asio::buffer(bytes), asio::use_awaitable);
}

asio::awaitable<RespValue> RedisConnection::read(std::chrono::milliseconds deadline) {
  for (;;) {
    if (auto reply = parser_.next()) co_return std::move(*reply);
    stream_.expires_after(deadline);
    const std::size_t got = co_await stream_.async_read_some(asio::buffer(buffer_), asio::use_awaitable);
    parser_.feed(std::string_view(buffer_.data(), got));
  }
}

asio::awaitable<RespValue> RedisConnection::call(const std::vector<std::string>& args,
                                                 std::chrono::milliseconds deadline) {
  const std::string bytes = format_command(args);
  co_await write(bytes);
  RespValue reply = co_await read(deadline);
  if (reply.is_error()) throw RespError("Redis " + args.front() + ": " + reply.text);
  co_return reply;
}

void RedisConnection::close() {
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace baton::bus::redis
