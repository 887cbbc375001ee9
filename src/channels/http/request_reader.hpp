// Reading one request from a connection within fixed bounds: the headers, every chunk header
// (size and extensions) and the trailers must fit the connection's read buffer, and bodies
// their route's limit, so no client can make the server buffer more than that, whatever it
// sends. A template over the stream so the fuzzer drives the very same code with test streams.
#pragma once

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <optional>
#include <string_view>

#include "channels/http/responses.hpp"

namespace baton::channels::http {

struct RequestLimits {
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_webhook_body_bytes = 1024 * 1024;  // LINE batches events up to 1 MiB
  // The most a connection ever holds unparsed: headers, a chunk header with its extensions,
  // the trailer section. Bodies pass through it in pieces.
  std::size_t read_buffer_bytes = 32 * 1024;
};

// Incoming webhooks (LINE today) may be larger than the API's bodies.
inline bool is_webhook_target(std::string_view target) { return target.starts_with("/webhooks/"); }

struct ReadOutcome {
  boost::beast::error_code error;
  std::optional<Request> request;
};

// Reads the next request on `stream`; `buffer` keeps what was read past it (pipelining).
template <class Stream>
boost::asio::awaitable<ReadOutcome> read_request(Stream& stream, boost::beast::flat_buffer& buffer,
                                                 const RequestLimits& limits) {
  constexpr auto kAsTuple = boost::asio::as_tuple(boost::asio::use_awaitable);
  beast_http::request_parser<beast_http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  // Beast checks a Content-Length against the limit while it reads the headers, before we know
  // the route: start with the larger limit, then hold every other route to its own.
  parser.body_limit(std::max(limits.max_body_bytes, limits.max_webhook_body_bytes));
  auto [header_error, header_bytes] = co_await beast_http::async_read_header(stream, buffer, parser, kAsTuple);
  if (header_error) co_return ReadOutcome{header_error, std::nullopt};
  if (!is_webhook_target(parser.get().target())) {
    const auto declared = parser.content_length();
    if (declared && *declared > limits.max_body_bytes) {
      co_return ReadOutcome{beast_http::error::body_limit, std::nullopt};
    }
    parser.body_limit(limits.max_body_bytes);  // chunked bodies are counted as they come
  }
  auto [body_error, body_bytes] = co_await beast_http::async_read(stream, buffer, parser, kAsTuple);
  if (body_error) co_return ReadOutcome{body_error, std::nullopt};
  co_return ReadOutcome{{}, parser.release()};
}

// The answer to a failed read, when the client deserves one (it may simply have gone away).
std::optional<Response> answer_for_read_error(const boost::beast::error_code& error);

}  // namespace baton::channels::http
