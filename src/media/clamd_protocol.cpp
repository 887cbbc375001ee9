#include "media/clamd_protocol.hpp"

#include <string>

namespace baton::media {

std::string_view scan_outcome_name(ScanOutcome outcome) {
  switch (outcome) {
    case ScanOutcome::clean:
      return "clean";
    case ScanOutcome::infected:
      return "infected";
    case ScanOutcome::error:
      break;
  }
  return "error";
}

namespace clamd {

std::array<unsigned char, 4> chunk_length_prefix(std::uint32_t length) {
  return {static_cast<unsigned char>(length >> 24), static_cast<unsigned char>(length >> 16),
          static_cast<unsigned char>(length >> 8), static_cast<unsigned char>(length)};
}

namespace {

std::string_view trimmed(std::string_view reply) {
  while (!reply.empty() && (reply.back() == '\0' || reply.back() == '\n' || reply.back() == ' '))
    reply.remove_suffix(1);
  return reply;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// For the log: a reply cut short and with anything unprintable replaced.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 200)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  return out;
}

}  // namespace

ScanResult parse_instream_reply(std::string_view reply) {
  reply = trimmed(reply);
  constexpr std::string_view kStream = "stream: ";
  if (reply.empty()) return ScanResult::failed("clamd closed the connection without a reply");
  if (ends_with(reply, " ERROR")) return ScanResult::failed("clamd: " + printable(reply));
  if (reply.substr(0, kStream.size()) != kStream)
    return ScanResult::failed("clamd sent an unexpected reply: " + printable(reply));
  const std::string_view verdict = reply.substr(kStream.size());
  if (verdict == "OK") return ScanResult::clean();
  constexpr std::string_view kFound = " FOUND";
  if (ends_with(verdict, kFound) && verdict.size() > kFound.size())
    return ScanResult::infected(printable(verdict.substr(0, verdict.size() - kFound.size())));
  return ScanResult::failed("clamd sent an unexpected reply: " + printable(reply));
}

}  // namespace clamd
}  // namespace baton::media
