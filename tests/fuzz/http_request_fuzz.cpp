// A connection's bytes through the server's own read-and-route path: read_request with the
// server's limits (request_reader.hpp), answer_for_read_error for a failed read, client_of for
// the forwarded address, the router for the rest, over a Beast test stream instead of a socket.
// The loop is HttpServer::serve's (server.cpp), which is private to its TCP connection. Whatever
// arrives: nothing throws, the read buffer and bodies stay within the limits, and what the server
// writes back is a sequence of well-formed responses, one per answered request.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <exception>
#include <string>
#include <vector>

#include "channels/http/client_address.hpp"
#include "channels/http/json_input.hpp"
#include "channels/http/request_reader.hpp"
#include "channels/http/responses.hpp"
#include "channels/http/router.hpp"
#include "support/fuzz_check.hpp"

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = baton::channels::http;
namespace beast_http = beast::http;
using beast_http::status;
using beast_http::verb;

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

// What a handler reads from a request, with the server's own route patterns.
asio::awaitable<http::Response> handle(http::RequestContext& c) {
  for (const auto& [name, value] : c.params) {
    FUZZ_CHECK(!value.empty() && value.find('/') == std::string::npos, "a path parameter is one whole segment");
  }
  (void)c.query("after_seq");
  (void)c.bearer_token();
  (void)c.cookie("baton_session");
  const auto origin = c.header(beast_http::field::origin);
  if (http::same_authority(origin, c.header(beast_http::field::host))) {
    FUZZ_CHECK(origin.find("://") != std::string_view::npos, "a matching Origin has a scheme");
  }
  auto body = http::parse_object(c.request.body(), true);
  co_return body ? http::json_response(status::ok, {{"fields", body->size()}}) : http::error_response(body.error());
}

const http::Router& router() {
  static const http::Router instance = [] {
    http::Router router;
    const std::pair<verb, const char*> routes[] = {
        {verb::post, "/api/v1/auth/login"},
        {verb::get, "/api/v1/me"},
        {verb::put, "/api/v1/me/password"},
        {verb::get, "/api/v1/conversations"},
        {verb::get, "/api/v1/conversations/{id}/messages"},
        {verb::post, "/api/v1/conversations/{id}/messages"},
        {verb::get, "/api/v1/conversations/{id}/attachments/{attachment_id}"},
        {verb::put, "/api/v1/assistants/{id}/knowledge/{kid}"},
        {verb::delete_, "/api/v1/assistants/{id}/knowledge/{kid}"},
        {verb::post, "/webhooks/line/{id}"},
    };
    for (const auto& [method, pattern] : routes) router.add(method, pattern, http::Audience::anyone, handle);
    return router;
  }();
  return instance;
}

const http::TrustedProxies& proxies() {
  static const auto instance = *http::TrustedProxies::parse({"127.0.0.0/8", "::1", "10.0.0.0/8"});
  return instance;
}

std::size_t header_bytes(const http::Request& request) {
  std::size_t bytes = request.method_string().size() + request.target().size();
  for (const auto& field : request) bytes += field.name_string().size() + field.value().size();
  return bytes;
}

struct Counts {
  std::vector<bool> answers;  // one per response written: whether it answers a HEAD (no body follows)
  bool finished = false;
};

// HttpServer::serve, on a test stream.
asio::awaitable<void> serve(beast::test::stream& stream, const http::RequestLimits& limits, Counts& counts) {
  const auto peer = asio::ip::make_address("127.0.0.1");
  beast::flat_buffer buffer(limits.read_buffer_bytes);
  for (;;) {
    auto outcome = co_await http::read_request(stream, buffer, limits);
    FUZZ_CHECK(buffer.size() <= limits.read_buffer_bytes, "a connection never holds more than its read buffer");
    if (outcome.error) {
      if (auto answer = http::answer_for_read_error(outcome, limits)) {
        FUZZ_CHECK(answer->result_int() >= 400 && answer->result_int() < 500, "a bad request gets a 4xx");
        answer->keep_alive(false);
        answer->prepare_payload();
        co_await beast_http::async_write(stream, *answer, kAsTuple);
        counts.answers.push_back(false);
      }
      break;
    }
    FUZZ_CHECK(outcome.request.has_value(), "a read without error has a request");
    http::Request& request = *outcome.request;
    const auto body_limit =
        http::is_webhook_target(request.target()) ? limits.max_webhook_body_bytes : limits.max_body_bytes;
    FUZZ_CHECK(request.body().size() <= body_limit, "a body stays within its route's limit");
    // Trailer fields join the headers; their section is bounded by the read buffer.
    FUZZ_CHECK(header_bytes(request) <= limits.max_header_bytes + limits.read_buffer_bytes,
               "the headers and trailers stay within their limits");
    const auto client = http::client_of(peer, request, proxies());
    boost::system::error_code bad_address;
    asio::ip::make_address(client.address, bad_address);
    FUZZ_CHECK(!bad_address, "the client's address is an address");
    if (beast::websocket::is_upgrade(request)) break;  // the socket endpoints take over (websocket_frames)
    http::Response response = co_await router().dispatch(request, client);
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    if (request.method() == verb::head) response.body().clear();
    response.prepare_payload();
    auto [write_error, written] = co_await beast_http::async_write(stream, response, kAsTuple);
    FUZZ_CHECK(!write_error, "the test peer takes every answer");
    counts.answers.push_back(request.method() == verb::head);
    if (!response.keep_alive()) break;
  }
  counts.finished = true;
}

// What the client receives: well-formed responses, one per answer.
void check_answers(std::string_view output, const std::vector<bool>& answers) {
  beast::flat_buffer buffer;
  buffer.commit(asio::buffer_copy(buffer.prepare(output.size()), asio::buffer(output.data(), output.size())));
  std::size_t parsed = 0;
  while (buffer.size() > 0) {
    FUZZ_CHECK(parsed < answers.size(), "no more responses than answers");
    beast_http::response_parser<beast_http::string_body> parser;
    parser.skip(answers[parsed]);  // a HEAD answer's Content-Length describes no body
    parser.eager(true);
    beast::error_code error;
    const auto used = parser.put(buffer.data(), error);
    FUZZ_CHECK(!error && parser.is_done(), "the server writes well-formed responses");
    buffer.consume(used);
    ++parsed;
  }
  FUZZ_CHECK(parsed == answers.size(), "one response per answered request");
}

void run(std::string_view bytes, const http::RequestLimits& limits, std::size_t read_size) {
  asio::io_context io;
  beast::test::stream connection(io);
  beast::test::stream client(io);
  connection.connect(client);
  connection.append(bytes);
  connection.close_remote();  // the client sends everything, then closes its side
  if (read_size > 0) connection.read_size(read_size);
  Counts counts;
  asio::co_spawn(io, serve(connection, limits, counts), [](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "exception: %s\n", error.what());
    }
    FUZZ_CHECK(false, "reading and routing a connection never throws");
  });
  io.run();
  FUZZ_CHECK(counts.finished, "the connection ends once the client has sent everything");
  check_answers(client.str(), counts.answers);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = baton::fuzz::as_text(data, size);
  // The server's limits, and small ones that any input of the fuzzer's size can reach, read in
  // pieces of a size the input picks.
  run(bytes, http::RequestLimits{}, 0);
  const http::RequestLimits small{
      .max_header_bytes = 512, .max_body_bytes = 1024, .max_webhook_body_bytes = 4096, .read_buffer_bytes = 1024};
  run(bytes, small, size > 0 ? 1 + data[size - 1] % 61 : 0);
  return 0;
}
