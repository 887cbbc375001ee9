// A small synchronous HTTP + WebSocket client for talking to a test server on 127.0.0.1.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace baton::testing {

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names; Set-Cookie values joined by "\n"

  boost::json::value json() const;
  std::string error_code() const;  // {"error": {"code"}} or ""
};

class HttpClient {
 public:
  explicit HttpClient(unsigned short port) : port_(port) {}

  // `bearer` empty: no Authorization header. `body` empty: no body.
  Reply request(std::string_view method, std::string_view target, std::string_view body = {},
                std::string_view bearer = {}, const std::map<std::string, std::string>& headers = {}) const;
  Reply get(std::string_view target, std::string_view bearer = {}) const { return request("GET", target, {}, bearer); }
  Reply post(std::string_view target, const boost::json::value& body, std::string_view bearer = {}) const {
    return request("POST", target, boost::json::serialize(body), bearer);
  }

  unsigned short port() const { return port_; }

 private:
  unsigned short port_;
};

// A WebSocket client whose reads wait for an event with a deadline (never forever).
class SocketClient {
 public:
  // Connects and completes the handshake; throws on failure.
  // `receive_buffer` > 0 shrinks the kernel's receive buffer (to play a slow client).
  SocketClient(unsigned short port, const std::string& target, const std::string& bearer = {}, int receive_buffer = 0);
  ~SocketClient();

  // The next event, or nullopt after `timeout`.
  std::optional<boost::json::object> next(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Skips events until one of `type` for which `match` holds; fails the test after `timeout`.
  boost::json::object wait_for(const std::string& type,
                               const std::function<bool(const boost::json::object&)>& match = {},
                               std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Whether the server closed the connection (read fails) within `timeout`, skipping events.
  bool closed_by_server(std::chrono::milliseconds timeout);
  // After the server closed: the code of its close frame (0 when it sent none).
  int close_code() const { return static_cast<int>(ws_.reason().code); }

 private:
  void start_read();

  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<boost::json::object> frames_;
  bool reading_ = false;
  bool failed_ = false;
};

// Upgrade attempt that is expected to be refused: answers the HTTP status of the refusal.
int refused_upgrade_status(unsigned short port, const std::string& target, const std::string& bearer = {});
// An upgrade with these extra headers: 101 when it opened (then closed at once), else the refusal's status.
int upgrade_status(unsigned short port, const std::string& target, const std::map<std::string, std::string>& headers);

}  // namespace baton::testing
