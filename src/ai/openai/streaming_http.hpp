// One HTTP(S) POST whose answer is read as it arrives (for streamed completions), with a
// deadline for connecting, one for each wait on the peer, and one for the whole exchange.
// Blocking: it runs its own small event loop on the calling thread (the AI's blocking pool).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace baton::ai::openai {

struct HttpTimeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds idle{20000};    // no byte from the peer for this long: give up
  std::chrono::milliseconds total{90000};
};

struct HttpOutcome {
  int status = 0;          // 0: no answer (could not connect, timed out, connection lost)
  std::string error;       // why, when status is 0 or the exchange broke off
  std::string body;        // the body of a non-2xx answer (for the log)
  bool streamed_any = false;
};

// `url`: http:// or https://; `on_bytes` gets the body of a 2xx answer piece by piece and may
// answer false to stop reading.
HttpOutcome post_streaming(const std::string& url, const std::map<std::string, std::string>& headers,
                           const std::string& body, const HttpTimeouts& timeouts,
                           const std::function<bool(std::string_view)>& on_bytes);

}  // namespace baton::ai::openai
