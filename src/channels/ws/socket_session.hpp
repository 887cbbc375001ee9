// One WebSocket connection: events from any thread are queued on the connection's strand and
// written one at a time. A client that falls more than kMaxQueuedFrames behind is dropped (it
// resumes with after_seq), so it can never stall a shared thread or grow memory without bound.
//
// An open socket costs only this object, its subscriptions and one pending read: once the
// handshake is done the HTTP connection that carried it (its buffer, the upgrade request, the
// coroutine frames of the handler) is gone. Tens of thousands are held at once, most of them
// idle, so every byte here counts (docs/benchmarks.md).
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
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

class SocketSession;

// The open sockets of one endpoint, so that a draining node closes them all with one
// subscription of its own rather than one per socket.
class SocketRegistry {
 public:
  void add(SocketSession* session);
  void remove(SocketSession* session);
  // Thread-safe. Closes every open socket with `code` (after the frames already queued).
  void close_all(std::uint16_t code, const std::string& reason);

 private:
  std::mutex mutex_;
  std::unordered_set<SocketSession*> sessions_;
};

class SocketSession : public std::enable_shared_from_this<SocketSession> {
 public:
  // `registry`: where it is listed while it lives (may be null).
  explicit SocketSession(boost::beast::tcp_stream&& stream, SocketMetrics metrics = {},
                         std::shared_ptr<SocketRegistry> registry = nullptr);
  ~SocketSession();
  SocketSession(const SocketSession&) = delete;
  SocketSession& operator=(const SocketSession&) = delete;

  // Sessions alive in this process: a draining node waits for them to close.
  static int open_sessions() { return open_sessions_.load(); }

  // Completes the upgrade; false when it failed (the connection is then closed).
  boost::asio::awaitable<bool> accept(const http::Request& upgrade);
  // After accept: reads (and ignores) client frames until the connection ends, without holding
  // the caller; then drops the subscriptions and calls `on_closed` (on the session's strand).
  void start_reading(std::function<void()> on_closed = {});

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
  void read_next();
  void clear_queue();

  boost::beast::websocket::stream<DrainingTcpStream> ws_;
  // A vector, not a deque: an empty std::deque still holds a 512-byte block, and most sockets
  // are idle with nothing queued.
  std::vector<std::shared_ptr<const std::string>> queue_;
  std::size_t queue_head_ = 0;  // frames before it are sent
  std::shared_ptr<const std::string> in_flight_;
  bool accepted_ = false;
  bool writing_ = false;
  bool closed_ = false;
  std::optional<boost::beast::websocket::close_reason> closing_;  // close once the queue drains
  std::vector<bus::Subscription> subscriptions_;
  std::function<void()> on_closed_;
  std::array<char, 64> discard_;  // what the client sends is read into this and ignored
  SocketMetrics metrics_;
  std::shared_ptr<SocketRegistry> registry_;
  static inline std::atomic<int> open_sessions_ = 0;
};

}  // namespace baton::channels::ws
