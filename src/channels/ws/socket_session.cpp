#include "channels/ws/socket_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace baton::channels::ws {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

void SocketRegistry::add(SocketSession* session) {
  std::lock_guard lock(mutex_);
  sessions_.insert(session);
}

void SocketRegistry::remove(SocketSession* session) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

void SocketRegistry::close_all(std::uint16_t code, const std::string& reason) {
  // Taken out under the lock, closed (and released) outside it: the last reference to a
  // session may be one of these, and its destructor takes the lock to leave the registry.
  std::vector<std::shared_ptr<SocketSession>> open;
  {
    std::lock_guard lock(mutex_);
    open.reserve(sessions_.size());
    for (auto* session : sessions_) {
      // One being destroyed (its removal waits for this lock) cannot be locked any more.
      if (auto alive = session->weak_from_this().lock()) open.push_back(std::move(alive));
    }
  }
  for (const auto& session : open) session->close(code, reason);
}

SocketSession::SocketSession(beast::tcp_stream&& stream, SocketMetrics metrics,
                             std::shared_ptr<SocketRegistry> registry)
    : ws_(std::move(stream)), metrics_(metrics), registry_(std::move(registry)) {
  ++open_sessions_;
  if (metrics_.open) metrics_.open->add(1);
  if (registry_) registry_->add(this);
}

SocketSession::~SocketSession() {
  if (registry_) registry_->remove(this);
  --open_sessions_;
  if (metrics_.open) metrics_.open->add(-1);
}

asio::awaitable<bool> SocketSession::accept(const http::Request& upgrade) {
  // Pings keep idle connections alive through proxies and find dead peers.
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(16 * 1024);
  auto [accept_error] = co_await ws_.async_accept(upgrade, asio::as_tuple(asio::use_awaitable));
  if (accept_error) {
    closed_ = true;
    subscriptions_.clear();
    co_return false;
  }
  // Frames queued during the handshake go out now.
  accepted_ = true;
  write_next();
  co_return true;
}

void SocketSession::start_reading(std::function<void()> on_closed) {
  on_closed_ = std::move(on_closed);
  read_next();
}

// A completion handler rather than a coroutine: a pending read is the only thing an idle socket
// does, and a handler holding the session is far smaller than a coroutine's frames.
void SocketSession::read_next() {
  // Clients speak through the REST API; what they send here is read and thrown away.
  ws_.async_read_some(asio::buffer(discard_), [self = shared_from_this()](beast::error_code error, std::size_t) {
    if (!error) return self->read_next();
    self->closed_ = true;
    self->clear_queue();
    self->subscriptions_.clear();
    if (auto closed = std::exchange(self->on_closed_, {})) {
      try {
        closed();
      } catch (const std::exception& failure) {
        spdlog::error("event=socket_close_failed error=\"{}\"", failure.what());
      }
    }
  });
}

void SocketSession::clear_queue() {
  queue_.clear();
  queue_.shrink_to_fit();
  queue_head_ = 0;
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
  // out as soon as it completes (accept() calls write_next), so the client learns why.
  if (accepted_ && !writing_) write_next();
}

void SocketSession::enqueue(std::shared_ptr<const std::string> frame) {
  if (closed_ || closing_) return;
  if (queue_.size() - queue_head_ >= kMaxQueuedFrames) {
    spdlog::info("event=socket_dropped reason=slow_client queued={}", queue_.size() - queue_head_);
    if (metrics_.dropped_slow) metrics_.dropped_slow->inc();
    closed_ = true;
    clear_queue();
    beast::get_lowest_layer(ws_).close();  // ends the pending read (read_next)
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
  if (queue_head_ == queue_.size()) {
    writing_ = false;
    if (closing_) {
      // Ends the pending read (read_next); a peer that never answers the close is cut by the timeout.
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
  in_flight_ = std::move(queue_[queue_head_++]);
  const bool more = queue_head_ != queue_.size();
  if (queue_head_ == queue_.size()) {
    // Drained: start again from the front, and give back what a burst made it grow to.
    queue_head_ = 0;
    queue_.clear();
    if (queue_.capacity() > 16) queue_.shrink_to_fit();
  } else if (queue_head_ >= 64 && queue_head_ * 2 >= queue_.size()) {
    // A client that keeps up but never quite drains: drop the sent half, amortised O(1).
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(queue_head_));
    queue_head_ = 0;
  }
  ws_.text(true);
  // More frames behind this one: they go out together (see DrainingTcpStream).
  ws_.next_layer().cork(more);
  ws_.async_write(asio::buffer(*in_flight_), [self = shared_from_this()](beast::error_code error, std::size_t) {
    self->in_flight_.reset();
    if (error) {
      self->closed_ = true;
      self->clear_queue();
      self->writing_ = false;
      return;
    }
    self->write_next();
  });
}

}  // namespace baton::channels::ws
