// WebSocket frames from a client, read as SocketSession::run reads them (socket_session.cpp:
// the server side of an accepted upgrade, the suggested server timeouts, messages of at most
// 16 KiB, each read and dropped) over a Beast test stream instead of a TCP connection. Whatever
// the frames: nothing throws, no message passes the limit, the read loop ends when the client
// is gone, and what the server writes back (pongs, a close) is never more than the client sent.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <exception>
#include <string>

#include "support/fuzz_check.hpp"

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

constexpr std::size_t kReadMessageMax = 16 * 1024;  // SocketSession::run's read_message_max
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

beast::http::request<beast::http::string_body> upgrade_request() {
  beast::http::request<beast::http::string_body> request{beast::http::verb::get, "/api/v1/widget/ws?token=t", 11};
  request.set(beast::http::field::host, "chat.example.com");
  request.set(beast::http::field::upgrade, "websocket");
  request.set(beast::http::field::connection, "Upgrade");
  request.set(beast::http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  request.set(beast::http::field::sec_websocket_version, "13");
  return request;
}

struct Session {
  std::size_t message_bytes = 0;
  std::size_t handshake_bytes = 0;  // what the server had written once the handshake was done
  bool finished = false;
};

asio::awaitable<void> read_frames(websocket::stream<beast::test::stream>& ws, beast::test::stream& client,
                                  Session& session) {
  ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws.read_message_max(kReadMessageMax);
  auto [accept_error] = co_await ws.async_accept(upgrade_request(), kAsTuple);
  FUZZ_CHECK(!accept_error, "a well-formed upgrade is accepted");
  session.handshake_bytes = client.str().size();
  beast::flat_buffer buffer;
  for (;;) {
    auto [error, bytes] = co_await ws.async_read(buffer, kAsTuple);
    if (error) break;
    FUZZ_CHECK(bytes <= kReadMessageMax, "no message passes read_message_max");
    session.message_bytes += bytes;
    buffer.consume(bytes);
    if (buffer.capacity() > 4096) buffer.shrink_to_fit();
  }
  session.finished = true;
}

void run(std::string_view frames, std::size_t read_size) {
  asio::io_context io;
  websocket::stream<beast::test::stream> ws(io);
  beast::test::stream client(io);
  ws.next_layer().connect(client);
  ws.next_layer().append(frames);
  ws.next_layer().close_remote();  // the client sends its frames, then goes away
  if (read_size > 0) ws.next_layer().read_size(read_size);
  Session session;
  asio::co_spawn(io, read_frames(ws, client, session), [&io](std::exception_ptr failure) {
    io.stop();  // the stream's timeout timer (idle pings) would keep run() busy for minutes
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "exception: %s\n", error.what());
    }
    FUZZ_CHECK(false, "reading frames never throws");
  });
  io.run();
  FUZZ_CHECK(session.finished, "the read loop ends once the client is gone");
  FUZZ_CHECK(session.message_bytes <= frames.size(), "messages come from the frames' bytes");
  // A pong echoes at most a ping's 125 bytes, and a close frame is at most 2 + 125 + 4 bytes.
  const std::size_t answered = client.str().size() - session.handshake_bytes;
  FUZZ_CHECK(answered <= frames.size() + 131, "the server never writes back more than it was sent");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto frames = baton::fuzz::as_text(data, size);
  run(frames, 0);
  run(frames, size > 0 ? 1 + data[size - 1] % 31 : 0);  // the same, arriving in small pieces
  return 0;
}
