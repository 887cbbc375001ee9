// The HTTP server: accepts connections, reads requests (64 KiB body limit), dispatches them to
// the router, and hands WebSocket upgrades to the socket endpoints.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <functional>

#include "channels/http/router.hpp"

namespace baton::channels::http {

inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// Takes an upgrade request for a known socket path; answers false when the path is unknown.
using UpgradeHandler = std::function<boost::asio::awaitable<bool>(boost::beast::tcp_stream& stream, Request& request)>;

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint, const Router& router,
             UpgradeHandler upgrades);

  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void start();
  void stop();

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  const Router& router_;
  UpgradeHandler upgrades_;
};

}  // namespace baton::channels::http
