#include "channels/ws/socket_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>

namespace baton::channels::ws {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

SocketSession::SocketSession(beast::tcp_stream&& stream, SocketMetrics metrics)
    : ws_(std::move(stream)), metrics_(metrics) {
  ++open_sessions_;
  if (metrics_.open) metrics_.open->add(1);
}

SocketSession::~SocketSession() {
  --open_sessions_;
  if (metrics_.open) metrics_.open->add(-1);
}

asio::awaitable<void> SocketSession::run(const http::Request& upgrade) {
  // Pings keep idle connections alive through proxies and find dead peers.
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(16 * 1024);
  auto [accept_error] = co_await ws_.async_accept(upgrade, asio::as_tuple(asio::use_awaitable));
  if (accept_error) {
    closed_ = true;
    co_return;
  }
  // Frames queued during the handshake go out now.
  accepted_ = true;
  write_next();
  beast::flat_buffer buffer;
  for (;;) {
    auto [error, bytes] = co_await ws_.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (error) break;
    buffer.consume(bytes);  // clients speak through the REST API; frames from them are ignored
    if (buffer.capacity() > 4096) buffer.shrink_to_fit();
  }
  closed_ = true;
  queue_.clear();
  subscriptions_.clear();
}

void SocketSession::send(std::shared_ptr<const std::string> frame) {
  asio::post(ws_.get_executor(),
             [self = shared_from_this(), frame = std::move(frame)]() mutable { self->enqueue(std::move(frame)); });
}

void SocketSession::hold(bus::Subscription subscription) { subscriptions_.push_back(std::move(subscription)); }

bus::Handler SocketSession::forwarder() {
  return [weak = weak_from_this()](const bus::Event& event) {
    if (auto self = weak.lock()) self->send(event.payload);
  };
}

void SocketSession::close(std::uint16_t code, std::string reason) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    self->finish(code, std::move(reason));
  });
}

void SocketSession::finish(std::uint16_t code, std::string reason) {
  if (closed_ || closing_) return;
  closing_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
  // Still in the handshake (its answer may already be with the client): the close frame goes
  // out as soon as it completes (run() calls write_next), so the client learns why.
  if (accepted_ && !writing_) write_next();
}

void SocketSession::enqueue(std::shared_ptr<const std::string> frame) {
  if (closed_ || closing_) return;
  if (queue_.size() >= kMaxQueuedFrames) {
    spdlog::info("event=socket_dropped reason=slow_client queued={}", queue_.size());
    if (metrics_.dropped_slow) metrics_.dropped_slow->inc();
    closed_ = true;
    queue_.clear();
    beast::get_lowest_layer(ws_).close();  // ends the read loop in run()
    return;
  }
  queue_.push_back(std::move(frame));
  if (accepted_ && !writing_) write_next();
}

void SocketSession::write_next() {
  if (writing_ && in_flight_) return;
  if (closed_) {
    writing_ = false;
    return;
  }
  if (queue_.empty()) {
    writing_ = false;
    if (closing_) {
      // Ends the read loop in run(); a peer that never answers the close is cut by the timeout.
      writing_ = true;
      ws_.async_close(*closing_, [self = shared_from_this()](beast::error_code) {
        self->closed_ = true;
        self->writing_ = false;
        beast::get_lowest_layer(self->ws_).close();
      });
    }
    return;
  }
  writing_ = true;
  // The frame in flight is kept apart from the queue, which a drop may clear meanwhile.
  in_flight_ = std::move(queue_.front());
  queue_.pop_front();
  ws_.text(true);
  ws_.async_write(asio::buffer(*in_flight_), [self = shared_from_this()](beast::error_code error, std::size_t) {
    self->in_flight_.reset();
    if (error) {
      self->closed_ = true;
      self->queue_.clear();
      self->writing_ = false;
      return;
    }
    self->write_next();
  });
}

}  // namespace baton::channels::ws
