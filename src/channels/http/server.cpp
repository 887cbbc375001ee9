#include "channels/http/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "channels/http/responses.hpp"
#include "store/store.hpp"

namespace baton::channels::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(60);
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

// Failures that are the client's fault get a 4xx; the connection is closed after.
std::optional<Response> answer_for_read_error(const beast::error_code& error) {
  if (error == beast_http::error::body_limit) {
    return error_response({core::ErrorCode::payload_too_large, "the body is larger than 64 KiB"});
  }
  if (error == beast_http::error::header_limit) {
    return error_response({core::ErrorCode::payload_too_large, "the headers are too large"});
  }
  if (error == beast_http::error::end_of_stream || error == beast_http::error::partial_message) {
    return std::nullopt;  // the client went away
  }
  if (error.category() == beast_http::make_error_code(beast_http::error::bad_target).category()) {
    return error_response({core::ErrorCode::invalid_field, "malformed HTTP request"});
  }
  return std::nullopt;
}

}  // namespace

HttpServer::HttpServer(asio::io_context& io, const tcp::endpoint& endpoint, const Router& router,
                       UpgradeHandler upgrades)
    : io_(io), acceptor_(io), router_(router), upgrades_(std::move(upgrades)) {
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
    socket.set_option(tcp::no_delay(true));
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> HttpServer::serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    beast_http::request_parser<beast_http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    parser.header_limit(16 * 1024);
    stream.expires_after(kIdleTimeout);
    auto [read_error, bytes] = co_await beast_http::async_read(stream, buffer, parser, kAsTuple);
    if (read_error) {
      if (auto answer = answer_for_read_error(read_error)) {
        answer->keep_alive(false);
        answer->prepare_payload();
        co_await beast_http::async_write(stream, *answer, kAsTuple);
      }
      break;
    }
    Request request = parser.release();
    if (beast::websocket::is_upgrade(request)) {
      stream.expires_never();
      if (co_await upgrades_(stream, request)) co_return;
      Response missing = error_response({core::ErrorCode::not_found, "no such socket"});
      missing.prepare_payload();
      co_await beast_http::async_write(stream, missing, kAsTuple);
      break;
    }
    Response response;
    try {
      response = co_await router_.dispatch(request);
    } catch (const std::exception& error) {
      // Not the client's fault (the store failed, say): log it, answer without details.
      spdlog::error("event=handler_failed target=\"{}\" error=\"{}\"", std::string(request.target()), error.what());
      response = error_response({core::ErrorCode::internal, "internal error"});
    }
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    if (request.method() == beast_http::verb::head) response.body().clear();
    response.prepare_payload();
    // The path only: queries may carry tokens.
    spdlog::debug("event=request method={} path=\"{}\" status={}", std::string(request.method_string()),
                  std::string(request.target().substr(0, request.target().find('?'))), response.result_int());
    auto [write_error, written] = co_await beast_http::async_write(stream, response, kAsTuple);
    if (write_error || !response.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace baton::channels::http
