// Asynchronous loopback clients for the load generator: keep-alive HTTP and WebSocket.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <string>

namespace baton::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;

struct HttpReply {
  int status = 0;
  std::string body;
};

// One keep-alive HTTP/1.1 connection; requests on it run one after another.
class HttpConnection {
 public:
  HttpConnection(asio::any_io_executor executor, unsigned short port) : stream_(executor), port_(port) {}
  asio::awaitable<HttpReply> request(beast::http::verb method, std::string target, std::string body,
                                     std::string bearer = {});

 private:
  asio::awaitable<void> ensure_connected();
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  unsigned short port_;
  bool connected_ = false;
};

using WebSocket = beast::websocket::stream<beast::tcp_stream>;

// Connects and upgrades; bearer empty: none. `source`: the loopback address to connect from
// (127.0.0.N), 0 for the kernel's choice. Tens of thousands of connections from one address to
// one port make the kernel's search for a free source port the bottleneck of the load
// generator; real clients come from many addresses.
asio::awaitable<std::unique_ptr<WebSocket>> open_socket(asio::any_io_executor executor, unsigned short port,
                                                        std::string target, std::string bearer = {}, int source = 0);

}  // namespace baton::bench
