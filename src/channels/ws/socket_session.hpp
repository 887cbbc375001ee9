// One WebSocket connection: events from any thread are queued on the connection's strand and
// written one at a time. A client that falls more than kMaxQueuedFrames behind is dropped (it
// resumes with after_seq), so it can never stall a shared thread or grow memory without bound.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bus/event_bus.hpp"
#include "channels/http/request_context.hpp"
#include "channels/ws/draining_tcp_stream.hpp"
#include "support/metrics/registry.hpp"

namespace baton::channels::ws {

inline constexpr std::size_t kMaxQueuedFrames = 1024;

// Where one kind of socket (agent, widget) is counted for /metrics; either may be null.
struct SocketMetrics {
  metrics::Gauge* open = nullptr;
  metrics::Counter* dropped_slow = nullptr;
};

class SocketSession : public std::enable_shared_from_this<SocketSession> {
 public:
  explicit SocketSession(boost::beast::tcp_stream&& stream, SocketMetrics metrics = {});
  ~SocketSession();
  SocketSession(const SocketSession&) = delete;
  SocketSession& operator=(const SocketSession&) = delete;

  // Sessions alive in this process: a draining node waits for them to close.
  static int open_sessions() { return open_sessions_.load(); }

  // Completes the upgrade, then reads (and ignores) client frames until the connection ends.
  boost::asio::awaitable<void> run(const http::Request& upgrade);

  // Thread-safe. Queues a text frame; drops the connection when the client is too far behind.
  void send(std::shared_ptr<const std::string> frame);
  // Keeps a subscription alive as long as the connection.
  void hold(bus::Subscription subscription);
  // A bus handler that forwards every event to this session.
  bus::Handler forwarder();
  // Thread-safe. Closes the socket with `code` (after the frames already queued).
  void close(std::uint16_t code, std::string reason);

 private:
  void enqueue(std::shared_ptr<const std::string> frame);
  void write_next();
  void finish(std::uint16_t code, std::string reason);

  boost::beast::websocket::stream<DrainingTcpStream> ws_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::shared_ptr<const std::string> in_flight_;
  bool accepted_ = false;
  bool writing_ = false;
  bool closed_ = false;
  std::optional<boost::beast::websocket::close_reason> closing_;  // close once the queue drains
  std::vector<bus::Subscription> subscriptions_;
  SocketMetrics metrics_;
  static inline std::atomic<int> open_sessions_ = 0;
};

}  // namespace baton::channels::ws
