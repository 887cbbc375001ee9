// A real SMTP server for the e-mail tests: tests/integration/support/smtp_sink.py (Debian's
// python3-aiosmtpd) on a free port of 127.0.0.1, storing what it accepts in its own directory,
// and told by the test to answer the next messages with an SMTP error (4xx, 5xx).
#pragma once

#include <sys/types.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace baton::testing {

class SmtpSink {
 public:
  // Throws std::runtime_error when the sink cannot start (python3-aiosmtpd missing).
  explicit SmtpSink(const std::string& script);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  static bool installed();

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // The next message's DATA is answered with `reply` ("451 4.3.0 Try again later").
  void answer_next(const std::string& reply);
  // The accepted messages so far, each as the sink decoded it (mail_from, rcpt_tos, headers,
  // subject, content_type, charset, text), in arrival order.
  std::vector<boost::json::object> messages() const;
  // The raw bytes of the `index`-th accepted message (0-based).
  std::string raw(std::size_t index) const;
  // Polls until `count` messages arrived or `limit` passed; answers the messages then.
  std::vector<boost::json::object> wait_for(std::size_t count, std::chrono::milliseconds limit) const;

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace baton::testing
