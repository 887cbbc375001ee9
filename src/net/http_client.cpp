#include "net/http_client.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <optional>

namespace baton::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;
};

std::optional<Target> parse_target(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  Target target;
  target.tls = parsed->scheme() == "https";
  if (!target.tls && parsed->scheme() != "http") return std::nullopt;
  target.host = parsed->host();
  target.port = parsed->has_port() ? std::string(parsed->port()) : (target.tls ? "443" : "80");
  target.path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) target.path += "?" + std::string(parsed->encoded_query());
  return target;
}

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

struct Call {
  const HttpRequest& request;
  const HttpTimeouts& timeouts;
  std::function<bool(std::string_view)> on_bytes;  // null: collect the body
  std::size_t body_limit = 0;
};

HttpOutcome failure(std::string why) {
  HttpOutcome outcome;
  outcome.error = std::move(why);
  return outcome;
}

// Sets the stream's deadline for the next wait: the wait's own limit, or what is left of the
// whole exchange if that is sooner. (Beast's timeouts hold for asynchronous operations only,
// hence the coroutine and the private event loop.)
void limit(beast::tcp_stream& lowest, std::chrono::milliseconds wait, std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  lowest.expires_after(std::max(std::chrono::milliseconds(1), std::min(wait, left)));
}

// The exchange over an open stream (plain TCP or TLS): write the request, read the header,
// then the body in pieces.
template <class Stream>
asio::awaitable<HttpOutcome> exchange(Stream& stream, beast::tcp_stream& lowest, const Target& target, const Call& call,
                                      std::chrono::steady_clock::time_point deadline) {
  HttpOutcome outcome;
  http::request<http::string_body> request{http::string_to_verb(call.request.method), target.path, 11};
  request.set(http::field::host, target.host);
  request.set(http::field::user_agent, "baton");
  for (const auto& [name, value] : call.request.headers) request.set(name, value);
  request.body() = call.request.body;
  request.prepare_payload();
  const auto& timeouts = call.timeouts;
  limit(lowest, timeouts.idle, deadline);
  auto [write_error, written] = co_await http::async_write(stream, request, kAsTuple);
  if (write_error) co_return failure("write: " + write_error.message());

  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(boost::none);  // bounded below, by call.body_limit
  limit(lowest, timeouts.idle, deadline);
  auto [header_error, header_bytes] = co_await http::async_read_header(stream, buffer, parser, kAsTuple);
  if (header_error) co_return failure("read header: " + header_error.message());
  outcome.status = static_cast<int>(parser.get().result_int());
  outcome.content_type = std::string(parser.get()[http::field::content_type]);
  outcome.retry_after = std::string(parser.get()[http::field::retry_after]);
  const bool ok = outcome.status >= 200 && outcome.status < 300;
  std::array<char, 8192> piece{};
  while (!parser.is_done()) {
    parser.get().body().data = piece.data();
    parser.get().body().size = piece.size();
    limit(lowest, timeouts.idle, deadline);
    // read_some: hand out each piece as it arrives (a full read would wait to fill the buffer).
    auto [error, bytes] = co_await http::async_read_some(stream, buffer, parser, kAsTuple);
    if (error && error != http::error::need_buffer) {
      outcome.error = "read body: " + error.message();
      co_return outcome;
    }
    const std::size_t got = piece.size() - parser.get().body().size;
    if (got == 0) continue;
    if (!ok) {
      if (outcome.body.size() < 4096) outcome.body.append(piece.data(), got);
      continue;
    }
    if (!call.on_bytes) {
      if (outcome.body.size() + got > call.body_limit) {
        outcome.error = "the answer is larger than " + std::to_string(call.body_limit) + " bytes";
        co_return outcome;
      }
      outcome.body.append(piece.data(), got);
      continue;
    }
    outcome.streamed_any = true;
    if (!call.on_bytes(std::string_view(piece.data(), got))) break;
  }
  co_return outcome;
}

asio::awaitable<HttpOutcome> call_plain(tcp::resolver::results_type endpoints, const Target& target, const Call& call,
                                        std::chrono::steady_clock::time_point deadline) {
  const auto& timeouts = call.timeouts;
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(timeouts.connect);
  auto [error, endpoint] = co_await stream.async_connect(endpoints, kAsTuple);
  if (error) co_return failure("connect: " + error.message());
  auto outcome = co_await exchange(stream, stream, target, call, deadline);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return outcome;
}

asio::awaitable<HttpOutcome> call_tls(tcp::resolver::results_type endpoints, const Target& target, const Call& call,
                                      std::chrono::steady_clock::time_point deadline) {
  const auto& timeouts = call.timeouts;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(co_await asio::this_coro::executor, tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str())) {
    co_return failure("TLS: cannot set the server name");
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(timeouts.connect);
  auto [connect_error, endpoint] = co_await lowest.async_connect(endpoints, kAsTuple);
  if (connect_error) co_return failure("connect: " + connect_error.message());
  lowest.expires_after(timeouts.connect);
  auto [handshake_error] = co_await stream.async_handshake(asio::ssl::stream_base::client, kAsTuple);
  if (handshake_error) co_return failure("TLS handshake: " + handshake_error.message());
  auto outcome = co_await exchange(stream, lowest, target, call, deadline);
  lowest.expires_after(std::chrono::seconds(1));
  co_await stream.async_shutdown(kAsTuple);
  co_return outcome;
}

HttpOutcome cancelled_outcome() {
  auto outcome = failure("cancelled");
  outcome.cancelled = true;
  return outcome;
}

}  // namespace

// One call's place in a Cancellation while it runs: cancel() posts a terminal cancellation into
// the call's own event loop (a cancellation_signal is not thread-safe: it is emitted there),
// which aborts whatever the exchange waits on and closes its socket.
class CancellableCall {
 public:
  CancellableCall(Cancellation* cancellation, asio::io_context& io) : cancellation_(cancellation), io_(io) {}
  ~CancellableCall() {
    if (canceller_) cancellation_->withdraw(*canceller_);
  }
  CancellableCall(const CancellableCall&) = delete;
  CancellableCall& operator=(const CancellableCall&) = delete;

  // False when cancelled already. (A cancellation posted from now on runs inside io.run(), after
  // co_spawn has hooked the exchange to slot(): it cannot be missed.)
  bool enlist() {
    if (!cancellation_) return true;
    canceller_ = cancellation_->enlist([this] {
      asio::post(io_, [this] {
        if (finished_) return;  // complete already: the outcome stands
        emitted_ = true;
        signal_.emit(asio::cancellation_type::terminal);
      });
    });
    return canceller_.has_value();
  }
  asio::cancellation_slot slot() { return signal_.slot(); }
  void finished() { finished_ = true; }
  bool cut_short() const { return emitted_; }

 private:
  Cancellation* cancellation_;
  asio::io_context& io_;
  std::optional<Cancellation::Canceller> canceller_;
  // Both on the call's event loop only.
  asio::cancellation_signal signal_;
  bool finished_ = false;
  bool emitted_ = false;
};

void Cancellation::cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  for (auto& cancel_call : calls_) cancel_call();
  changed_.notify_all();
}

bool Cancellation::cancelled() const {
  std::lock_guard lock(mutex_);
  return cancelled_;
}

bool Cancellation::wait_for(std::chrono::milliseconds delay) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, delay, [this] { return cancelled_; });
}

std::optional<Cancellation::Canceller> Cancellation::enlist(std::function<void()> cancel_call) {
  std::lock_guard lock(mutex_);
  if (cancelled_) return std::nullopt;
  return calls_.insert(calls_.end(), std::move(cancel_call));
}

void Cancellation::withdraw(Canceller canceller) {
  std::lock_guard lock(mutex_);
  calls_.erase(canceller);
}

namespace {

HttpOutcome run(const Call& call, Cancellation* cancellation) {
  const auto target = parse_target(call.request.url);
  if (!target) return failure("not an http(s) URL: " + call.request.url);
  if (http::string_to_verb(call.request.method) == http::verb::unknown)
    return failure("unknown method " + call.request.method);
  const auto deadline = std::chrono::steady_clock::now() + call.timeouts.total;
  asio::io_context io;
  CancellableCall cancellable(cancellation, io);  // after io: withdrawn before io goes
  if (!cancellable.enlist()) return cancelled_outcome();
  beast::error_code error;
  tcp::resolver::results_type endpoints;
  if (!call.request.addresses.empty()) {
    std::vector<tcp::endpoint> pinned;
    unsigned short port = 0;
    std::from_chars(target->port.data(), target->port.data() + target->port.size(), port);
    for (const auto& text : call.request.addresses) {
      const auto address = asio::ip::make_address(text, error);
      if (error) return failure("not an address: " + text);
      pinned.emplace_back(address, port);
    }
    endpoints = tcp::resolver::results_type::create(pinned.begin(), pinned.end(), target->host, target->port);
  } else {
    tcp::resolver resolver(io);
    // (Resolving blocks and cannot be cancelled; the peers Baton calls are few and long known.)
    endpoints = resolver.resolve(target->host, target->port, error);
    if (error) return failure("resolve " + target->host + ": " + error.message());
  }
  std::optional<HttpOutcome> result;
  auto store = [&result, &cancellable](std::exception_ptr failed, HttpOutcome outcome) {
    cancellable.finished();
    result = failed ? failure("internal error") : std::move(outcome);
  };
  auto work =
      target->tls ? call_tls(endpoints, *target, call, deadline) : call_plain(endpoints, *target, call, deadline);
  asio::co_spawn(io, std::move(work), asio::bind_cancellation_slot(cancellable.slot(), std::move(store)));
  io.run();
  // Cut short: whatever the exchange ended with (an aborted wait, a throw) is "cancelled".
  if (cancellable.cut_short() && !(result && result->ok())) return cancelled_outcome();
  return result.value_or(failure("no outcome"));
}

}  // namespace

HttpOutcome send(const HttpRequest& request, const HttpTimeouts& timeouts, std::size_t body_limit,
                 Cancellation* cancellation) {
  return run(Call{request, timeouts, nullptr, body_limit}, cancellation);
}

HttpOutcome send_streaming(const HttpRequest& request, const HttpTimeouts& timeouts,
                           const std::function<bool(std::string_view)>& on_bytes, Cancellation* cancellation) {
  return run(Call{request, timeouts, on_bytes, 0}, cancellation);
}

}  // namespace baton::net
