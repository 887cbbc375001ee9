// The TCP stream under each WebSocket, with a closing teardown that reads what the peer is still
// sending before the socket closes. Beast 1.81's own teardown closes after its first 2 KiB read
// (its loop tests a byte count that is always zero), so a client still in the middle of a frame
// (an oversized one, say) is answered with a reset, and a reset makes the client's TCP stack
// throw away the close frame (1009, 1002...) it had not read yet. The drain is bounded in bytes
// and time: a peer that never stops sending is cut off all the same.
#pragma once

#include <array>
#include <boost/asio/compose.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <utility>

namespace baton::channels::ws {

inline constexpr std::size_t kTeardownMaxDrainBytes = 4 * 1024 * 1024;
inline constexpr std::chrono::seconds kTeardownMaxTime{2};

class DrainingTcpStream : public boost::beast::tcp_stream {
 public:
  explicit DrainingTcpStream(boost::beast::tcp_stream&& stream) : boost::beast::tcp_stream(std::move(stream)) {}
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
