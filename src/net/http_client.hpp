// Outgoing HTTP(S) for the edges that call other services (an LLM endpoint, LINE's APIs): one
// request, with a deadline for connecting, one for each wait on the peer, and one for the
// whole exchange. Blocking: it runs its own small event loop on the calling thread, so call it
// from a blocking pool or a worker thread, never from a network thread.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>

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
};

struct HttpOutcome {
  int status = 0;     // 0: no answer (could not connect, timed out, connection lost)
  std::string error;  // why, when status is 0 or the exchange broke off
  std::string body;   // the body (of a 2xx answer only when it was not streamed)
  std::string content_type;
  std::string retry_after;  // the Retry-After header, if any
  bool streamed_any = false;
  bool ok() const { return status >= 200 && status < 300 && error.empty(); }
};

// A 2xx answer's body is read whole, up to `body_limit` bytes (past it: an error).
HttpOutcome send(const HttpRequest& request, const HttpTimeouts& timeouts, std::size_t body_limit = 16 << 20);

// A 2xx answer's body goes to `on_bytes` piece by piece as it arrives; it may answer false to
// stop reading. The body of any other answer is kept (4 KiB of it) for the log.
HttpOutcome send_streaming(const HttpRequest& request, const HttpTimeouts& timeouts,
                           const std::function<bool(std::string_view)>& on_bytes);

}  // namespace baton::net
