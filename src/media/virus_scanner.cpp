#include "media/virus_scanner.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <exception>
#include <limits>
#include <variant>

#include "media/clamd_protocol.hpp"

namespace baton::media {
namespace asio = boost::asio;
using local = asio::local::stream_protocol;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
// clamd's replies are one short line; anything longer is not clamd.
constexpr std::size_t kMaxReplyBytes = 1024;
constexpr std::size_t kMinChunkBytes = 1;

struct Reply {
  std::string text;
  std::string error;  // set when the reply could not be read whole
};

// Reads up to the NUL that ends a "z" command's reply, the end of the stream, or kMaxReplyBytes.
asio::awaitable<Reply> read_reply(local::socket& socket) {
  Reply reply;
  std::array<char, 256> piece{};
  while (reply.text.find('\0') == std::string::npos) {
    auto [error, got] = co_await socket.async_read_some(asio::buffer(piece), kAsTuple);
    reply.text.append(piece.data(), got);
    if (reply.text.size() > kMaxReplyBytes) {
      reply.error = "clamd's reply is longer than " + std::to_string(kMaxReplyBytes) + " bytes";
      co_return reply;
    }
    if (error == asio::error::eof) break;
    if (error) {
      reply.error = "reading clamd's reply: " + error.message();
      co_return reply;
    }
  }
  reply.text = reply.text.substr(0, reply.text.find('\0'));
  co_return reply;
}

asio::awaitable<std::string> connect(local::socket& socket, const std::string& path) {
  const local::endpoint endpoint(path);
  auto [error] = co_await socket.async_connect(endpoint, kAsTuple);
  if (error) co_return "cannot reach clamd at " + path + ": " + error.message();
  co_return std::string();
}

// Sends the bytes as INSTREAM chunks. An error may mean clamd stopped reading and answered
// already (a stream over its limit), so the reply is read either way.
asio::awaitable<std::string> send_stream(local::socket& socket, std::string_view bytes, std::size_t chunk_bytes) {
  auto [command_error, command_sent] =
      co_await asio::async_write(socket, asio::buffer(clamd::kInstreamCommand), kAsTuple);
  if (command_error) co_return "sending INSTREAM: " + command_error.message();
  for (std::size_t at = 0; at < bytes.size(); at += chunk_bytes) {
    const std::string_view chunk = bytes.substr(at, chunk_bytes);
    const auto prefix = clamd::chunk_length_prefix(static_cast<std::uint32_t>(chunk.size()));
    const std::array<asio::const_buffer, 2> framed{asio::buffer(prefix), asio::buffer(chunk.data(), chunk.size())};
    auto [error, sent] = co_await asio::async_write(socket, framed, kAsTuple);
    if (error) co_return "sending a chunk: " + error.message();
  }
  const auto end = clamd::chunk_length_prefix(0);
  auto [end_error, end_sent] = co_await asio::async_write(socket, asio::buffer(end), kAsTuple);
  if (end_error) co_return "ending the stream: " + end_error.message();
  co_return std::string();
}

asio::awaitable<ScanResult> instream(std::string path, std::string_view bytes, std::size_t chunk_bytes) {
  local::socket socket(co_await asio::this_coro::executor);
  const std::string unreachable = co_await connect(socket, path);
  if (!unreachable.empty()) co_return ScanResult::failed(unreachable);
  const std::string send_error = co_await send_stream(socket, bytes, chunk_bytes);
  const Reply reply = co_await read_reply(socket);
  if (!send_error.empty() && reply.text.empty()) co_return ScanResult::failed(send_error);
  if (!reply.error.empty()) co_return ScanResult::failed(reply.error);
  co_return clamd::parse_instream_reply(reply.text);
}

asio::awaitable<ScanResult> ping_once(std::string path) {
  local::socket socket(co_await asio::this_coro::executor);
  const std::string unreachable = co_await connect(socket, path);
  if (!unreachable.empty()) co_return ScanResult::failed(unreachable);
  auto [error, sent] = co_await asio::async_write(socket, asio::buffer(clamd::kPingCommand), kAsTuple);
  if (error) co_return ScanResult::failed("sending PING: " + error.message());
  const Reply reply = co_await read_reply(socket);
  if (reply.error.empty() && reply.text == "PONG") co_return ScanResult::clean();
  co_return ScanResult::failed(reply.error.empty() ? "clamd did not answer PONG" : reply.error);
}

// The exchange or the deadline, whichever comes first; the loser is cancelled (its socket
// operations aborted) and waited for, so nothing outlives the call.
asio::awaitable<ScanResult> within(asio::awaitable<ScanResult> exchange, std::chrono::milliseconds timeout) {
  asio::steady_timer deadline(co_await asio::this_coro::executor, timeout);
  auto expiry = deadline.async_wait(kAsTuple);
  auto race = std::move(exchange) || std::move(expiry);
  auto winner = co_await std::move(race);
  if (winner.index() == 0) co_return std::get<0>(std::move(winner));
  co_return ScanResult::failed("clamd did not answer within " + std::to_string(timeout.count()) + " ms");
}

}  // namespace

VirusScanner::VirusScanner(ClamdSettings settings) : settings_(std::move(settings)) {
  // Each chunk's length is 32 bits.
  settings_.chunk_bytes =
      std::clamp<std::size_t>(settings_.chunk_bytes, kMinChunkBytes, std::numeric_limits<std::uint32_t>::max());
  settings_.chunk_bytes = std::min(settings_.chunk_bytes, std::max<std::size_t>(settings_.max_stream_bytes, 1));
}

asio::awaitable<ScanResult> VirusScanner::scan(std::string_view bytes) const {
  if (bytes.size() > settings_.max_stream_bytes)
    co_return ScanResult::failed("too large to scan: " + std::to_string(bytes.size()) + " bytes, the limit is " +
                                 std::to_string(settings_.max_stream_bytes));
  try {
    auto exchange = instream(settings_.socket_path, bytes, settings_.chunk_bytes);
    auto result = co_await within(std::move(exchange), settings_.timeout);
    co_return result;
  } catch (const std::exception& error) {
    co_return ScanResult::failed(std::string("scanning failed: ") + error.what());
  }
}

asio::awaitable<bool> VirusScanner::ping() const {
  try {
    auto exchange = ping_once(settings_.socket_path);
    auto result = co_await within(std::move(exchange), settings_.timeout);
    co_return result.outcome == ScanOutcome::clean;
  } catch (const std::exception&) {
    co_return false;
  }
}

}  // namespace baton::media
