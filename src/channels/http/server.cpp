#include "channels/http/server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "channels/http/responses.hpp"

namespace baton::channels::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(60);
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
// After a 413 for a body too large, what the client is still sending is read and dropped (within
// these bounds) before the socket closes: closing with bytes unread makes the kernel send a
// reset, and a reset makes the client's TCP stack drop the 413 before it is read. Floods of
// headers or chunk framing are cut at once instead.
constexpr std::size_t kLingerMaxBytes = 2 * 1024 * 1024;
constexpr auto kLingerMaxTime = std::chrono::seconds(2);

asio::awaitable<void> drain_what_the_client_sends(beast::tcp_stream& stream) {
  stream.expires_after(kLingerMaxTime);
  std::array<char, 16 * 1024> discard{};
  std::size_t drained = 0;
  while (drained < kLingerMaxBytes) {
    auto [error, bytes] = co_await stream.async_read_some(asio::buffer(discard), kAsTuple);
    if (error) break;
    drained += bytes;
  }
}

// Headers every answer carries, whatever produced it.
void add_common_headers(Response& response) {
  if (response.find("X-Content-Type-Options") == response.end()) response.set("X-Content-Type-Options", "nosniff");
}

std::string path_of(const Request& request) {
  // The path only: queries may carry tokens.
  const std::string_view target = request.target();
  return std::string(target.substr(0, std::min<std::size_t>(target.find('?'), 200)));
}

}  // namespace

std::optional<Response> answer_for_read_error(const ReadOutcome& outcome, const RequestLimits& limits) {
  const auto& error = outcome.error;
  if (error == beast_http::error::body_limit && outcome.upload) {
    const auto megabytes = limits.max_upload_body_bytes / 1'000'000;
    return error_response({core::ErrorCode::payload_too_large,
                           "the file is too large: files up to " + std::to_string(megabytes) + " MB can be sent"});
  }
  if (error == beast_http::error::body_limit) {
    return error_response({core::ErrorCode::payload_too_large, "the body is larger than this endpoint takes"});
  }
  if (error == beast_http::error::header_limit) {
    return error_response({core::ErrorCode::payload_too_large, "the headers are too large"});
  }
  if (error == beast_http::error::buffer_overflow) {
    // A chunk header or trailer section past the read buffer: nothing legitimate sends that.
    return error_response({core::ErrorCode::payload_too_large, "a chunk header or the trailers are too large"});
  }
  if (error == beast_http::error::end_of_stream || error == beast_http::error::partial_message) {
    return std::nullopt;  // the client went away
  }
  if (error.category() == beast_http::make_error_code(beast_http::error::bad_target).category()) {
    return error_response({core::ErrorCode::invalid_field, "malformed HTTP request"});
  }
  return std::nullopt;
}

HttpServer::HttpServer(asio::io_context& io, const tcp::endpoint& endpoint, const Router& router,
                       UpgradeHandler upgrades, ServerConfig config)
    : io_(io), acceptor_(io), router_(router), upgrades_(std::move(upgrades)), config_(std::move(config)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

void HttpServer::start() { asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached); }

void HttpServer::stop() {
  beast::error_code ignored;
  acceptor_.close(ignored);
}

asio::awaitable<void> HttpServer::accept_loop() {
  bool failing = false;  // log the first failure of a streak, not every retry
  for (;;) {
    // Each connection gets its own strand: its steps never run at once, across io threads.
    auto [error, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), kAsTuple);
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (error) {
      // Out of descriptors, say: wait a moment rather than spin.
      if (!failing) spdlog::warn("event=accept_failed error=\"{}\"", error.message());
      failing = true;
      asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(kAsTuple);
      continue;
    }
    failing = false;
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto executor = socket.get_executor();
    const std::uint64_t id = next_connection_id_++;
    // Whatever escapes a connection is logged and ends that connection only.
    asio::co_spawn(executor, serve(std::move(socket), id), [id](std::exception_ptr failure) {
      if (!failure) return;
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& error) {
        spdlog::error("event=connection_failed conn={} error=\"{}\"", id, error.what());
      } catch (...) {
        spdlog::error("event=connection_failed conn={} error=unknown", id);
      }
    });
  }
}

asio::awaitable<void> HttpServer::serve(tcp::socket socket, std::uint64_t connection_id) {
  beast::error_code peer_error;
  const auto peer = socket.remote_endpoint(peer_error);
  if (peer_error) co_return;  // gone before we looked
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer(config_.limits.read_buffer_bytes);
  bool refused_a_body = false;
  for (;;) {
    stream.expires_after(kIdleTimeout);
    auto outcome = co_await read_request(stream, buffer, config_.limits);
    if (outcome.error) {
      if (auto answer = answer_for_read_error(outcome, config_.limits)) {
        answer->keep_alive(false);
        add_common_headers(*answer);
        answer->prepare_payload();
        co_await beast_http::async_write(stream, *answer, kAsTuple);
      }
      refused_a_body = outcome.error == beast_http::error::body_limit;
      break;
    }
    Request& request = *outcome.request;
    const ClientInfo client = client_of(peer.address(), request, config_.trusted_proxies);
    if (beast::websocket::is_upgrade(request)) {
      stream.expires_never();
      if (co_await upgrades_(stream, request, client)) co_return;
      Response missing = error_response({core::ErrorCode::not_found, "no such socket"});
      add_common_headers(missing);
      missing.prepare_payload();
      co_await beast_http::async_write(stream, missing, kAsTuple);
      break;
    }
    Response response = co_await answer(request, client, connection_id);
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    if (request.method() == beast_http::verb::head) response.body().clear();
    add_common_headers(response);
    response.prepare_payload();
    spdlog::debug("event=request conn={} method={} path=\"{}\" status={}", connection_id,
                  std::string(request.method_string()), path_of(request), response.result_int());
    auto [write_error, written] = co_await beast_http::async_write(stream, response, kAsTuple);
    if (write_error || !response.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (refused_a_body) co_await drain_what_the_client_sends(stream);
}

asio::awaitable<Response> HttpServer::answer(const Request& request, const ClientInfo& client,
                                             std::uint64_t connection_id) {
  try {
    co_return co_await router_.dispatch(request, client);
  } catch (const std::exception& error) {
    // Not the client's fault (the store failed, say): log it, answer without details.
    spdlog::error("event=handler_failed conn={} path=\"{}\" error=\"{}\"", connection_id, path_of(request),
                  error.what());
  }
  co_return error_response({core::ErrorCode::internal, "internal error"});
}

}  // namespace baton::channels::http
