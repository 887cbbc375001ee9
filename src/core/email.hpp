// E-mail follow-up of offline web visitors (team operations §4.12), the pure part: which
// contacts are e-mail addresses, when an e-mail falls due and how its tries are spaced, what it
// says in the visitor's language, and the RFC 5322 message that carries it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace baton::core {

// The per-assistant delay's bounds (email_followup_delay_s).
inline constexpr int kMinEmailDelaySeconds = 10;
inline constexpr int kMaxEmailDelaySeconds = 86400;
// Transient SMTP failures (4xx, no connection) are tried this often before the row is failed.
inline constexpr int kMaxEmailAttempts = 8;

// One address, as a visitor types it into the leave-a-message form: local@domain, ASCII, no
// spaces or line breaks (so it can never add a header), a domain of at least two labels. A phone
// number, a LINE id or a name is not one.
bool is_email_address(std::string_view contact);

enum class MailLanguage { zh_tw, en };
// The widget's language: English for "en…", else Traditional Chinese (the widget's default).
MailLanguage mail_language(const std::optional<std::string>& widget_language);

// When a pending e-mail falls due: `delay` after the newest message it holds (a burst gathers
// into one e-mail), but never later than twice `delay` after its first (a long burst still goes).
TimePoint email_due_at(TimePoint first_at, TimePoint now, std::chrono::milliseconds delay);
// How long after the `attempts`-th transient failure the next try is: 1 s, 2 s, 4 s … 10 min.
std::chrono::milliseconds email_retry_delay(int attempts);

enum class SmtpOutcome { sent, retry, failed };
// A transfer that ended without an SMTP answer (no connection, a timeout) is retried; the last
// answer's code says the rest: 2xx sent, 4xx retry (transient), 5xx failed (permanent).
SmtpOutcome classify_smtp(bool transfer_ok, long response_code);

// An agent's answer as the e-mail quotes it.
struct FollowupLine {
  std::string agent_name;
  std::string text;
};

struct MailText {
  std::string subject;
  std::string body;  // plain text, \n line ends
};

// The follow-up's subject and text: who answered what, and the link back to the chat.
MailText followup_text(MailLanguage language, std::string_view assistant_name, const std::vector<FollowupLine>& lines,
                       std::string_view resume_link);

struct MailMessage {
  std::string from;  // addresses only (validated by the caller)
  std::string to;
  std::string subject;     // UTF-8
  std::string text;        // UTF-8, \n line ends
  std::string message_id;  // without the angle brackets: local@domain
  TimePoint date;
};

// RFC 5322 with MIME: From, To, Subject (RFC 2047, UTF-8, when not plain ASCII), Date,
// Message-ID, MIME-Version, and a text/plain; charset=utf-8 body in base64; CRLF line ends.
std::string render_mail(const MailMessage& mail);

// RFC 2047 encoded words (B encoding) for a header value that is not plain printable ASCII,
// each at most 75 characters and never splitting a UTF-8 character; the value as it is otherwise.
std::string encode_header_text(std::string_view text);
std::string base64_encode(std::string_view bytes);
// RFC 5322's date-time, in UTC: "Mon, 07 Dec 2026 12:05:49 +0000".
std::string mail_date(TimePoint time);

}  // namespace baton::core
