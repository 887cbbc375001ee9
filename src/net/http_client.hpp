// Outgoing HTTP(S) for the edges that call other services (an LLM endpoint, LINE's APIs): one
// request, with a deadline for connecting, one for each wait on the peer, and one for the
// whole exchange. Blocking: it runs its own small event loop on the calling thread, so call it
// from a blocking pool or a worker thread, never from a network thread. A Cancellation ends
// calls from another thread at once (at shutdown, whatever the peer does).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton::net {

struct HttpTimeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds idle{20000};  // no byte from the peer for this long: give up
  std::chrono::milliseconds total{90000};
};

struct HttpRequest {
  std::string method = "POST";  // GET, POST, PUT or DELETE
  std::string url;              // http:// or https://
  std::map<std::string, std::string> headers;
  std::string body;
  // When set: connect only to these addresses (already checked, see address_policy), never to
  // what the host resolves to now; the URL's host still names the server (Host, TLS).
  std::vector<std::string> addresses;
};

struct HttpOutcome {
  int status = 0;     // 0: no answer (could not connect, timed out, connection lost)
  std::string error;  // why, when status is 0 or the exchange broke off
  std::string body;   // the body (of a 2xx answer only when it was not streamed)
  std::string content_type;
  std::string retry_after;  // the Retry-After header, if any
  bool streamed_any = false;
  bool cancelled = false;  // ended by a Cancellation before it was complete (error "cancelled")
  bool ok() const { return status >= 200 && status < 300 && error.empty(); }
};

// Ends outgoing calls from another thread: cancel() stops every call made with it that is in
// flight (its socket closed at once), and any made afterwards fails at once; their outcomes
// say `cancelled`. Thread-safe; outlives the calls made with it.
class Cancellation {
 public:
  void cancel();
  bool cancelled() const;
  // Sleeps `delay` unless cancelled meanwhile; answers whether it was.
  bool wait_for(std::chrono::milliseconds delay) const;

 private:
  friend class CancellableCall;  // a call in flight (http_client.cpp)
  using Canceller = std::list<std::function<void()>>::iterator;
  // Nothing when already cancelled.
  std::optional<Canceller> enlist(std::function<void()> cancel_call);
  void withdraw(Canceller canceller);

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool cancelled_ = false;
  std::list<std::function<void()>> calls_;  // of the calls in flight
};

// A 2xx answer's body is read whole, up to `body_limit` bytes (past it: an error).
HttpOutcome send(const HttpRequest& request, const HttpTimeouts& timeouts, std::size_t body_limit = 16 << 20,
                 Cancellation* cancellation = nullptr);

// A 2xx answer's body goes to `on_bytes` piece by piece as it arrives; it may answer false to
// stop reading. The body of any other answer is kept (4 KiB of it) for the log.
HttpOutcome send_streaming(const HttpRequest& request, const HttpTimeouts& timeouts,
                           const std::function<bool(std::string_view)>& on_bytes, Cancellation* cancellation = nullptr);

}  // namespace baton::net
