#include "core/email.hpp"

#include <algorithm>
#include <ctime>

namespace baton::core {
namespace {

constexpr std::size_t kMaxLocalPart = 64;
constexpr std::size_t kMaxDomain = 253;
constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxEncodedWord = 75;   // RFC 2047 §2
constexpr std::size_t kBase64LineBytes = 57;  // 76 characters a line
constexpr auto kMaxRetryDelay = std::chrono::minutes(10);

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// RFC 5322 atext, the characters of a dot-atom's parts.
bool is_atext(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool valid_local_part(std::string_view local) {
  if (local.empty() || local.size() > kMaxLocalPart || local.front() == '.' || local.back() == '.') return false;
  if (local.find("..") != std::string_view::npos) return false;
  return std::all_of(local.begin(), local.end(), [](char c) { return c == '.' || is_atext(c); });
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabel || label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) { return c == '-' || is_alnum(c); });
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > kMaxDomain) return false;
  int labels = 0;
  std::string_view last;
  for (std::size_t start = 0;;) {
    const auto dot = domain.find('.', start);
    last = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!valid_label(last)) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // A top-level domain is letters (or punycode): an IP address or a number is not a mail domain here.
  const bool alphabetic_tld = std::any_of(last.begin(), last.end(), [](char c) { return !(c >= '0' && c <= '9'); });
  return labels >= 2 && last.size() >= 2 && alphabetic_tld;
}

bool plain_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

// Where the UTF-8 character holding byte `at` starts.
std::size_t character_start(std::string_view text, std::size_t at) {
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

}  // namespace

bool is_email_address(std::string_view contact) {
  const auto at = contact.find('@');
  if (at == std::string_view::npos || contact.find('@', at + 1) != std::string_view::npos) return false;
  return valid_local_part(contact.substr(0, at)) && valid_domain(contact.substr(at + 1));
}

MailLanguage mail_language(const std::optional<std::string>& widget_language) {
  if (widget_language && widget_language->size() >= 2 && (*widget_language)[0] == 'e' && (*widget_language)[1] == 'n')
    return MailLanguage::en;
  return MailLanguage::zh_tw;
}

TimePoint email_due_at(TimePoint first_at, TimePoint now, std::chrono::milliseconds delay) {
  return std::min(now + delay, first_at + 2 * delay);
}

std::chrono::milliseconds email_retry_delay(int attempts) {
  const int doublings = std::clamp(attempts - 1, 0, 20);
  const auto delay = std::chrono::milliseconds(1000) * (std::int64_t{1} << doublings);
  return std::min<std::chrono::milliseconds>(delay, kMaxRetryDelay);
}

SmtpOutcome classify_smtp(bool transfer_ok, long response_code) {
  if (transfer_ok && response_code >= 200 && response_code < 400) return SmtpOutcome::sent;
  if (response_code >= 500 && response_code < 600) return SmtpOutcome::failed;
  return SmtpOutcome::retry;  // 4xx, or no answer at all
}

MailText followup_text(MailLanguage language, std::string_view assistant_name, const std::vector<FollowupLine>& lines,
                       std::string_view resume_link) {
  const bool en = language == MailLanguage::en;
  MailText mail;
  mail.subject =
      en ? std::string(assistant_name) + ": you have a reply" : std::string(assistant_name) + "：您有新的回覆";
  mail.body = en ? "Hello,\n\nWe answered you while you were away:\n\n" : "您好：\n\n您離開後，我們回覆了您：\n\n";
  for (const auto& line : lines) {
    mail.body += line.agent_name.empty() ? std::string(en ? "Agent" : "客服") : line.agent_name;
    mail.body += en ? ":\n" : "：\n";
    mail.body += line.text;
    mail.body += "\n\n";
  }
  mail.body +=
      en ? "Continue the conversation here (the link works for 7 days):\n" : "請由此繼續對話（連結 7 天內有效）：\n";
  mail.body += resume_link;
  mail.body += "\n";
  return mail;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const auto n =
        (static_cast<unsigned char>(bytes[i]) << 16) | (two ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += two ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string encode_header_text(std::string_view text) {
  if (plain_ascii(text)) return std::string(text);
  // "=?UTF-8?B?" + base64 + "?=" within 75: 63 base64 characters, so at most 45 bytes a word.
  constexpr std::size_t kWordOverhead = 12;
  constexpr std::size_t kBytesPerWord = (kMaxEncodedWord - kWordOverhead) / 4 * 3;
  std::string out;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.size(), start + kBytesPerWord);
    if (end < text.size()) end = character_start(text, end);
    if (end == start) end = std::min(text.size(), start + kBytesPerWord);  // not UTF-8: split anyway
    if (!out.empty()) out += "\r\n ";  // folded: the words of one header, each on its own line
    out += "=?UTF-8?B?" + base64_encode(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string mail_date(TimePoint time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::time_point(time.time_since_epoch())));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buffer;
}

std::string render_mail(const MailMessage& mail) {
  std::string text;
  text.reserve(mail.text.size() + 64);
  for (char c : mail.text) {
    if (c == '\n') text += '\r';
    text += c;
  }
  std::string out;
  out += "From: " + mail.from + "\r\n";
  out += "To: " + mail.to + "\r\n";
  out += "Subject: " + encode_header_text(mail.subject) + "\r\n";
  out += "Date: " + mail_date(mail.date) + "\r\n";
  out += "Message-ID: <" + mail.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "\r\n";
  for (std::size_t start = 0; start < text.size(); start += kBase64LineBytes) {
    out += base64_encode(std::string_view(text).substr(start, kBase64LineBytes));
    out += "\r\n";
  }
  return out;
}

}  // namespace baton::core
