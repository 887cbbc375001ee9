// The HTTP server: accepts connections, reads requests within fixed bounds (request_reader.hpp),
// dispatches them to the router, and hands WebSocket upgrades to the socket endpoints. Every
// connection runs under one catch: nothing a client sends, and no failing handler, can end the
// process.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <functional>

#include "channels/http/client_address.hpp"
#include "channels/http/request_reader.hpp"
#include "channels/http/router.hpp"

namespace baton::channels::http {

inline constexpr std::size_t kMaxBodyBytes = RequestLimits{}.max_body_bytes;

// Takes an upgrade request for a known socket path; answers false when the path is unknown.
using UpgradeHandler = std::function<boost::asio::awaitable<bool>(boost::beast::tcp_stream& stream, Request& request,
                                                                  const ClientInfo& client)>;

struct ServerConfig {
  RequestLimits limits;
  TrustedProxies trusted_proxies;
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint, const Router& router,
             UpgradeHandler upgrades, ServerConfig config = {});

  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void start();
  void stop();

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket, std::uint64_t connection_id);
  boost::asio::awaitable<Response> answer(const Request& request, const ClientInfo& client,
                                          std::uint64_t connection_id);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  const Router& router_;
  UpgradeHandler upgrades_;
  ServerConfig config_;
  std::atomic<std::uint64_t> next_connection_id_{1};
};

}  // namespace baton::channels::http
