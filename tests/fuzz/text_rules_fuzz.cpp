// The rules for text people send (core/text.hpp): UTF-8 is judged as Unicode's table says,
// trimming only removes, what the validators accept is trimmed, valid, within its length and
// free of control characters, and a long answer is cut to at most 4000 whole characters.
#include <algorithm>
#include <exception>
#include <string>

#include "core/limits.hpp"
#include "core/text.hpp"
#include "support/fuzz_check.hpp"

namespace {
namespace core = baton::core;

bool has_control(std::string_view text, bool allow_line_breaks) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (allow_line_breaks && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

bool within(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

void check(std::string_view text) {
  const long length = baton::fuzz::reference_utf8_length(text);
  FUZZ_CHECK(core::utf8_length(text) == length, "utf8_length agrees with Unicode's table 3-7");

  const auto trimmed = core::trim_text(text);
  FUZZ_CHECK(within(trimmed, text), "trimming answers a part of the text");
  if (length >= 0) {
    FUZZ_CHECK(core::trim_text(trimmed) == trimmed, "trimming twice changes nothing");
    FUZZ_CHECK(core::utf8_length(trimmed) >= 0, "trimming valid text leaves valid text");
  }

  const auto message = core::validate_message_text(text);
  if (message) {
    FUZZ_CHECK(length >= 0, "an accepted message is valid UTF-8");
    FUZZ_CHECK(*message == trimmed, "an accepted message is stored trimmed");
    const long stored = baton::fuzz::reference_utf8_length(*message);
    FUZZ_CHECK(stored >= 1 && stored <= static_cast<long>(core::kMaxMessageChars), "a message has 1..4000 characters");
    FUZZ_CHECK(!has_control(*message, true), "a message has no control characters");
  } else {
    const auto code = message.error().code;
    FUZZ_CHECK(code == core::ErrorCode::invalid_field || code == core::ErrorCode::text_too_long, "a 400 code");
    if (code == core::ErrorCode::text_too_long) {
      FUZZ_CHECK(baton::fuzz::reference_utf8_length(trimmed) > static_cast<long>(core::kMaxMessageChars),
                 "too long only past 4000 characters");
    }
  }

  const auto first = core::first_characters(text, 10);
  FUZZ_CHECK(text.starts_with(first), "the first characters are a prefix");
  if (length >= 0) {
    FUZZ_CHECK(baton::fuzz::reference_utf8_length(first) == std::min(length, 10L),
               "first_characters counts code points");
  }

  const auto cut = core::cut_to_message_length(text);
  FUZZ_CHECK(text.starts_with(cut), "a cut answer is a prefix of the answer");
  if (length >= 0) {
    const long kept = baton::fuzz::reference_utf8_length(cut);
    FUZZ_CHECK(kept >= 0, "a valid answer is cut between characters");
    FUZZ_CHECK(kept <= static_cast<long>(core::kMaxMessageChars), "a cut answer holds at most 4000 characters");
    if (length <= static_cast<long>(core::kMaxMessageChars)) FUZZ_CHECK(cut == text, "a short answer is kept whole");
    FUZZ_CHECK(core::cut_to_message_length(cut) == cut, "cutting twice changes nothing");
  }

  const auto name = core::validate_short_text("name", text, core::kMaxNameChars);
  if (name) {
    FUZZ_CHECK(length >= 0 && *name == trimmed, "an accepted name is valid and trimmed");
    const long stored = baton::fuzz::reference_utf8_length(*name);
    FUZZ_CHECK(stored >= 1 && stored <= static_cast<long>(core::kMaxNameChars), "a name has 1..100 characters");
    FUZZ_CHECK(!has_control(*name, false), "a name is one line without control characters");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "the text rules never throw");
}
