// Sends one e-mail through an SMTP server with libcurl's SMTP client (not a hand-written one):
// smtp:// (STARTTLS when the server offers it) or smtps://, credentials in the URL, bounded
// timeouts, and the server's own answer kept for the console when it refuses.
#pragma once

#include <atomic>
#include <string>

#include "app/email_delivery_service.hpp"

namespace baton::channels::email {

struct SmtpConfig {
  std::string url;   // smtp(s)://user:pass@host:port
  std::string from;  // the envelope sender (--mail-from)
};

class SmtpSender {
 public:
  explicit SmtpSender(SmtpConfig config);

  // Blocking, at most about kTransferTimeout; `stop` cuts it short (then `cancelled`).
  app::EmailSendResult send(const std::string& to, const std::string& message, const std::atomic<bool>& stop,
                            bool& cancelled) const;

 private:
  SmtpConfig config_;
};

}  // namespace baton::channels::email
