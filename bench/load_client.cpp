#include "load_client.hpp"

#include <netinet/in.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace baton::bench {
namespace http = beast::http;
using asio::ip::tcp;

asio::awaitable<void> HttpConnection::ensure_connected() {
  if (connected_) co_return;
  co_await stream_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), asio::use_awaitable);
  stream_.socket().set_option(tcp::no_delay(true));
  connected_ = true;
}

asio::awaitable<HttpReply> HttpConnection::request(http::verb method, std::string target, std::string body,
                                                   std::string bearer) {
  co_await ensure_connected();
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.keep_alive(true);
  if (!bearer.empty()) request.set(http::field::authorization, "Bearer " + bearer);
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.body() = std::move(body);
  request.prepare_payload();
  co_await http::async_write(stream_, request, asio::use_awaitable);
  http::response<http::string_body> response;
  co_await http::async_read(stream_, buffer_, response, asio::use_awaitable);
  co_return HttpReply{static_cast<int>(response.result_int()), std::move(response.body())};
}

asio::awaitable<std::unique_ptr<WebSocket>> open_socket(asio::any_io_executor executor, unsigned short port,
                                                        std::string target, std::string bearer, int source) {
  auto ws = std::make_unique<WebSocket>(executor);
  if (source > 0) {
    auto& socket = beast::get_lowest_layer(*ws).socket();
    socket.open(tcp::v4());
    // The port is chosen at connect, for the whole four-tuple, not reserved at bind.
    socket.set_option(asio::detail::socket_option::boolean<IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT>(true));
    socket.bind(tcp::endpoint(asio::ip::make_address_v4(0x7f000000u + static_cast<unsigned>(source)), 0));
  }
  co_await beast::get_lowest_layer(*ws).async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                                      asio::use_awaitable);
  if (!bearer.empty()) {
    ws->set_option(beast::websocket::stream_base::decorator([bearer](beast::websocket::request_type& request) {
      request.set(http::field::authorization, "Bearer " + bearer);
    }));
  }
  co_await ws->async_handshake("127.0.0.1", target, asio::use_awaitable);
  co_return ws;
}

}  // namespace baton::bench
