#include "support/api_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>

namespace baton::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

boost::json::value Reply::json() const { return boost::json::parse(body); }

std::string Reply::error_code() const {
  boost::system::error_code error;
  auto value = boost::json::parse(body, error);
  if (error || !value.is_object() || !value.as_object().contains("error")) return "";
  return std::string(value.at("error").at("code").as_string());
}

Reply HttpClient::request(std::string_view method, std::string_view target, std::string_view body,
                          std::string_view bearer, const std::map<std::string, std::string>& headers) const {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1");
  if (!bearer.empty()) request.set(http::field::authorization, "Bearer " + std::string(bearer));
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");  // unless `headers` says otherwise
    request.body() = std::string(body);
  }
  for (const auto& [name, value] : headers) request.set(name, value);
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser);
  const auto& response = parser.get();
  Reply reply{static_cast<int>(response.result_int()), response.body(), {}};
  for (const auto& field : response) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto& slot = reply.headers[name];
    slot += (slot.empty() ? "" : "\n") + std::string(field.value());
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return reply;
}

SocketClient::SocketClient(unsigned short port, const std::string& target, const std::string& bearer,
                           int receive_buffer)
    : ws_(io_) {
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
  if (receive_buffer > 0) {
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.open(tcp::v4());
    socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
  }
  beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  if (!bearer.empty()) {
    ws_.set_option(beast::websocket::stream_base::decorator([bearer](beast::websocket::request_type& request) {
      request.set(http::field::authorization, "Bearer " + bearer);
    }));
  }
  ws_.handshake("127.0.0.1", target);
  beast::get_lowest_layer(ws_).expires_never();
}

SocketClient::~SocketClient() {
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

void SocketClient::start_read() {
  reading_ = true;
  ws_.async_read(buffer_, [this](beast::error_code error, std::size_t) {
    reading_ = false;
    if (error) {
      failed_ = true;
      return;
    }
    frames_.push_back(boost::json::parse(beast::buffers_to_string(buffer_.data())).as_object());
    buffer_.consume(buffer_.size());
  });
}

std::optional<boost::json::object> SocketClient::next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (frames_.empty() && !failed_ && std::chrono::steady_clock::now() < deadline) {
    if (!reading_) start_read();
    io_.restart();
    io_.run_one_until(deadline);
  }
  if (frames_.empty()) return std::nullopt;
  auto frame = std::move(frames_.front());
  frames_.pop_front();
  return frame;
}

boost::json::object SocketClient::wait_for(const std::string& type,
                                           const std::function<bool(const boost::json::object&)>& match,
                                           std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto frame = next(std::max(left, std::chrono::milliseconds(0)));
    if (!frame) {
      ADD_FAILURE() << "no " << type << " event within " << timeout.count() << " ms";
      return {};
    }
    if (frame->at("type").as_string() == type && (!match || match(*frame))) return *frame;
  }
}

bool SocketClient::closed_by_server(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!failed_ && std::chrono::steady_clock::now() < deadline) {
    frames_.clear();
    if (!reading_) start_read();
    io_.restart();
    io_.run_one_until(deadline);
  }
  return failed_;
}

int refused_upgrade_status(unsigned short port, const std::string& target, const std::string& bearer) {
  std::map<std::string, std::string> headers;
  if (!bearer.empty()) headers["Authorization"] = "Bearer " + bearer;
  return upgrade_status(port, target, headers);
}

int upgrade_status(unsigned short port, const std::string& target, const std::map<std::string, std::string>& headers) {
  asio::io_context io;
  beast::websocket::stream<beast::tcp_stream> ws(io);
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(ws).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  ws.set_option(beast::websocket::stream_base::decorator([headers](beast::websocket::request_type& request) {
    for (const auto& [name, value] : headers) request.set(name, value);
  }));
  beast::websocket::response_type response;
  beast::error_code error;
  ws.handshake(response, "127.0.0.1", target, error);
  return error ? static_cast<int>(response.result_int()) : 101;
}

}  // namespace baton::testing
