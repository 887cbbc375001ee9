#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace baton::core {
namespace {

struct Decoded {
  char32_t code_point;
  std::size_t length;
};

// Strict UTF-8 decoding: rejects overlong forms, surrogates and values past U+10FFFF.
std::optional<Decoded> decode_at(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[at + i]); };
  const std::uint8_t lead = byte(0);
  std::size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if (lead < 0x80) return Decoded{lead, 1};
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  if (at + length > text.size()) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return Decoded{value, length};
}

bool is_space(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x3000 || c == 0xFEFF ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F;
}

bool is_control(char32_t c) { return (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F; }

// Punctuation and symbols outside ASCII that a word never holds: Latin-1's, general punctuation,
// CJK symbols and punctuation, and the full-width forms of ASCII punctuation.
bool is_wide_punctuation(char32_t c) {
  return (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
         (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

bool is_word_character(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }
  return !is_space(c) && c > 0x9F && !is_wide_punctuation(c);
}

}  // namespace

bool word_characters_only(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    auto decoded = decode_at(text, at);
    if (!decoded || !is_word_character(decoded->code_point)) return false;
    at += decoded->length;
  }
  return true;
}

long utf8_length(std::string_view text) {
  long count = 0;
  for (std::size_t at = 0; at < text.size();) {
    auto decoded = decode_at(text, at);
    if (!decoded) return -1;
    at += decoded->length;
    ++count;
  }
  return count;
}

std::string_view trim_text(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end) {
    auto decoded = decode_at(text, begin);
    if (!decoded || !is_space(decoded->code_point)) break;
    begin += decoded->length;
  }
  // Walk forward to find the last non-space code point (UTF-8 cannot be decoded backwards safely
  // without re-validating, and messages are short).
  std::size_t last_end = begin;
  for (std::size_t at = begin; at < end;) {
    auto decoded = decode_at(text, at);
    if (!decoded) return text.substr(begin);  // invalid bytes: leave for the validator to reject
    at += decoded->length;
    if (!is_space(decoded->code_point)) last_end = at;
  }
  return text.substr(begin, last_end - begin);
}

Result<std::string> validate_message_text(std::string_view text) {
  const long total = utf8_length(text);
  if (total < 0) return fail(ErrorCode::invalid_field, "text is not valid UTF-8");
  const std::string_view trimmed = trim_text(text);
  const long length = utf8_length(trimmed);
  if (length == 0) return fail(ErrorCode::invalid_field, "text must not be blank");
  if (static_cast<std::size_t>(length) > kMaxMessageChars) {
    return fail(ErrorCode::text_too_long, "text is longer than 4000 characters");
  }
  for (std::size_t at = 0; at < trimmed.size();) {
    auto decoded = decode_at(trimmed, at);
    if (is_control(decoded->code_point)) {
      return fail(ErrorCode::invalid_field, "text contains control characters");
    }
    at += decoded->length;
  }
  return std::string(trimmed);
}

std::string_view first_characters(std::string_view text, std::size_t count) {
  std::size_t at = 0;
  for (std::size_t taken = 0; taken < count && at < text.size(); ++taken) {
    const auto decoded = decode_at(text, at);
    at += decoded ? decoded->length : 1;
  }
  return text.substr(0, at);
}

std::string cut_to_message_length(std::string_view text) {
  std::size_t chars = 0;
  std::size_t at = 0;
  std::size_t sentence_end = 0;  // bytes up to the last sentence end found in the search window
  while (at < text.size() && chars < kMaxMessageChars) {
    const auto decoded = decode_at(text, at);
    const std::size_t length = decoded ? decoded->length : 1;  // a stray byte counts as one
    const char32_t c = decoded ? decoded->code_point : 0xFFFD;
    const std::size_t next = at + length;
    if (chars >= kMaxMessageChars - kSentenceSearchChars) {
      const bool latin_end = (c == '.' || c == '!' || c == '?') &&
                             (next == text.size() || text[next] == ' ' || text[next] == '\n' || text[next] == '\t');
      if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F || latin_end) sentence_end = next;
      if (c == '\n') sentence_end = at;
    }
    at = next;
    ++chars;
  }
  if (at >= text.size()) return std::string(text);  // within the rule already
  const std::size_t cut = sentence_end > 0 ? sentence_end : at;
  // No white space left dangling where the text now ends.
  std::size_t end = cut;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == '\t')) {
    --end;
  }
  return std::string(text.substr(0, end > 0 ? end : cut));
}

Result<std::string> validate_short_text(std::string_view field, std::string_view text, std::size_t max_chars) {
  const std::string name(field);
  if (utf8_length(text) < 0) return fail(ErrorCode::invalid_field, name + " is not valid UTF-8");
  const std::string_view trimmed = trim_text(text);
  const long length = utf8_length(trimmed);
  if (length == 0) return fail(ErrorCode::invalid_field, name + " must not be blank");
  if (static_cast<std::size_t>(length) > max_chars) {
    return fail(ErrorCode::invalid_field, name + " is longer than " + std::to_string(max_chars) + " characters");
  }
  for (char c : trimmed) {
    if (c == '\n' || c == '\r' || (static_cast<unsigned char>(c) < 0x20) || c == 0x7F) {
      return fail(ErrorCode::invalid_field, name + " must be a single line without control characters");
    }
  }
  return std::string(trimmed);
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x80; });
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows suffice: the swap looks two rows back. Words are short: their rows live on the
  // stack (the handoff detector measures every customer message's words this way).
  constexpr std::size_t kOnStack = 32;
  std::array<std::size_t, 3 * (kOnStack + 1)> small{};
  std::vector<std::size_t> large;
  std::size_t* rows = small.data();
  if (b.size() > kOnStack) {
    large.resize(3 * (b.size() + 1));
    rows = large.data();
  }
  std::span<std::size_t> before(rows, b.size() + 1), previous(rows + b.size() + 1, b.size() + 1),
      current(rows + 2 * (b.size() + 1), b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace baton::core
