// The TCP stream under each WebSocket, with a closing teardown that reads what the peer is still
// sending before the socket closes. Beast 1.81's own teardown closes after its first 2 KiB read
// (its loop tests a byte count that is always zero), so a client still in the middle of a frame
// (an oversized one, say) is answered with a reset, and a reset makes the client's TCP stack
// throw away the close frame (1009, 1002...) it had not read yet. The drain is bounded in bytes
// and time: a peer that never stops sending is cut off all the same.
#pragma once

#include <array>
#include <boost/asio/append.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace baton::channels::ws {

inline constexpr std::size_t kTeardownMaxDrainBytes = 4 * 1024 * 1024;
inline constexpr std::chrono::seconds kTeardownMaxTime{2};

// It also gathers writes: while corked (the session has more frames queued behind the one it
// writes), a write is copied into memory and completes at once; the first write after that
// carries everything gathered in one system call. An agent's socket that receives a group
// commit's events at once then costs one `sendmsg`, not one per event (issue #17). The bytes and
// their order are exactly what the WebSocket stream wrote, control frames included.
class DrainingTcpStream : public boost::beast::tcp_stream {
 public:
  explicit DrainingTcpStream(boost::beast::tcp_stream&& stream) : boost::beast::tcp_stream(std::move(stream)) {}

  void cork(bool corked) { corked_ = corked; }

  template <class ConstBufferSequence, class WriteToken>
  auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
    namespace asio = boost::asio;
    return asio::async_initiate<WriteToken, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, const ConstBufferSequence& buffers) {
          const std::size_t size = asio::buffer_size(buffers);
          if (gathered_.empty() && !corked_) {
            Base::async_write_some(buffers, std::move(handler));
            return;
          }
          const std::size_t before = gathered_.size();
          gathered_.resize(before + size);
          asio::buffer_copy(asio::buffer(gathered_.data() + before, size), buffers);
          if (corked_ && gathered_.size() < kMaxGathered) {
            asio::post(get_executor(), asio::append(std::move(handler), boost::beast::error_code{}, size));
            return;
          }
          asio::async_write(
              static_cast<Base&>(*this), asio::buffer(gathered_),
              [this, size, handler = std::move(handler)](boost::beast::error_code error, std::size_t) mutable {
                gathered_.clear();
                if (gathered_.capacity() > kMaxGathered) gathered_.shrink_to_fit();
                std::move(handler)(error, error ? 0 : size);
              });
        },
        token, buffers);
  }

 private:
  using Base = boost::beast::tcp_stream;
  // A burst larger than this goes out in several writes rather than wait in memory.
  static constexpr std::size_t kMaxGathered = 64 * 1024;
  std::vector<char> gathered_;
  bool corked_ = false;
};

namespace detail {

// Half-closes our side (server) and reads until the peer's end of stream, the byte or time
// bound, or an error; then closes the socket. Completes without error whenever the socket ended
// in one of those expected ways, as Beast's teardown does for end of stream.
class DrainingTeardown {
 public:
  DrainingTeardown(DrainingTcpStream& stream, boost::beast::role_type role) : stream_(stream), role_(role) {}

  template <class Self>
  void operator()(Self& self, boost::beast::error_code error = {}, std::size_t bytes = 0) {
    namespace asio = boost::asio;
    if (!started_) {
      started_ = true;
      boost::beast::error_code ignored;
      if (role_ == boost::beast::role_type::server)
        stream_.socket().shutdown(asio::socket_base::shutdown_send, ignored);
      stream_.expires_after(kTeardownMaxTime);
    } else {
      drained_ += bytes;
      if (error || drained_ >= kTeardownMaxDrainBytes) {
        finish(self, error);
        return;
      }
    }
    stream_.async_read_some(asio::buffer(*buffer_), std::move(self));
  }

 private:
  template <class Self>
  void finish(Self& self, boost::beast::error_code error) {
    namespace asio = boost::asio;
    boost::beast::error_code ignored;
    if (role_ == boost::beast::role_type::client) stream_.socket().shutdown(asio::socket_base::shutdown_send, ignored);
    stream_.socket().close(ignored);
    const bool expected = !error || error == asio::error::eof || error == boost::beast::error::timeout;
    self.complete(expected ? boost::beast::error_code{} : error);
  }

  DrainingTcpStream& stream_;
  boost::beast::role_type role_;
  bool started_ = false;
  std::size_t drained_ = 0;
  std::unique_ptr<std::array<char, 2048>> buffer_ = std::make_unique<std::array<char, 2048>>();
};

}  // namespace detail

// Found by argument-dependent lookup from Beast's WebSocket close and failure paths; preferred
// over Beast's own overload for tcp_stream, which needs a conversion to the base class.
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, DrainingTcpStream& stream, TeardownHandler&& handler) {
  boost::asio::async_compose<TeardownHandler, void(boost::beast::error_code)>(detail::DrainingTeardown(stream, role),
                                                                              handler, stream);
}

}  // namespace baton::channels::ws
