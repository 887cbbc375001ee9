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
  // Files sent in messages: the largest any kind may be (the intake checks each kind's own).
  std::size_t max_upload_body_bytes = 20'000'000;
  // The most a connection ever holds unparsed: headers, a chunk header with its extensions,
  // the trailer section. Bodies pass through it in pieces.
  std::size_t read_buffer_bytes = 32 * 1024;
};

// Incoming webhooks (LINE today) may be larger than the API's bodies.
inline bool is_webhook_target(std::string_view target) { return target.starts_with("/webhooks/"); }

// Uploads of files in messages (POST .../attachments) carry the file as their body.
inline bool is_upload_target(beast_http::verb method, std::string_view target) {
  const auto path = target.substr(0, target.find('?'));
  return method == beast_http::verb::post && path.starts_with("/api/v1/") && path.ends_with("/attachments");
}

// The most a request to `target` may carry.
inline std::size_t body_limit_for(const RequestLimits& limits, beast_http::verb method, std::string_view target) {
  if (is_webhook_target(target)) return limits.max_webhook_body_bytes;
  if (is_upload_target(method, target)) return limits.max_upload_body_bytes;
  return limits.max_body_bytes;
}

struct ReadOutcome {
  boost::beast::error_code error;
  std::optional<Request> request;
  bool upload = false;  // the refused request was a file upload (its answer says so)
};

// Reads the next request on `stream`; `buffer` keeps what was read past it (pipelining).
template <class Stream>
boost::asio::awaitable<ReadOutcome> read_request(Stream& stream, boost::beast::flat_buffer& buffer,
                                                 const RequestLimits& limits) {
  constexpr auto kAsTuple = boost::asio::as_tuple(boost::asio::use_awaitable);
  beast_http::request_parser<beast_http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  // Beast would check a Content-Length against its limit while it reads the headers, before we
  // know the route: no limit for the headers, then each route's own before a byte of the body.
  parser.body_limit(boost::none);
  auto [header_error, header_bytes] = co_await beast_http::async_read_header(stream, buffer, parser, kAsTuple);
  if (header_error) co_return ReadOutcome{header_error, std::nullopt};
  const auto method = parser.get().method();
  const auto target = parser.get().target();
  const bool upload = is_upload_target(method, target);
  const auto limit = body_limit_for(limits, method, target);
  const auto declared = parser.content_length();
  if (declared && *declared > limit) co_return ReadOutcome{beast_http::error::body_limit, std::nullopt, upload};
  parser.body_limit(limit);  // chunked bodies are counted as they come
  auto [body_error, body_bytes] = co_await beast_http::async_read(stream, buffer, parser, kAsTuple);
  if (body_error) co_return ReadOutcome{body_error, std::nullopt, upload};
  co_return ReadOutcome{{}, parser.release()};
}

// The answer to a failed read, when the client deserves one (it may simply have gone away).
std::optional<Response> answer_for_read_error(const ReadOutcome& outcome, const RequestLimits& limits);

}  // namespace baton::channels::http
