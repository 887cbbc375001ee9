// Rules for text that people send: valid UTF-8, trimmed, 1..4000 characters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace baton::core {

inline constexpr std::size_t kMaxMessageChars = 4000;

// Number of code points, or nullopt-like -1 when the bytes are not valid UTF-8.
long utf8_length(std::string_view text);

// Trims Unicode white space (ASCII, NBSP, ideographic space) from both ends.
std::string_view trim_text(std::string_view text);
// Whether every byte is ASCII (no other script).
bool is_ascii(std::string_view text);
// ASCII letters lower-cased, every other byte kept (e-mails, header values, Origin hosts).
std::string ascii_lower(std::string_view text);

// Whether valid UTF-8 `text` is one word of a name: ASCII letters, digits, `-` and `_`, and
// letters of other scripts (CJK, kana, Hangul, accented Latin...), but no space, control or
// punctuation (shortcuts of canned replies, label names).
bool word_characters_only(std::string_view text);

// A message text as stored: trimmed; rejects empty, too long and invalid UTF-8.
Result<std::string> validate_message_text(std::string_view text);

// The first `count` characters (code points) of valid UTF-8 text.
std::string_view first_characters(std::string_view text, std::size_t count);

// A longer text (an LLM's answer) cut to the message rule: at most kMaxMessageChars
// characters, ending at the last sentence end (。！？, or . ! ? before a space, or a line break)
// among the last kSentenceSearchChars of them when there is one, else at a character boundary.
// Shorter texts come back as they are.
inline constexpr std::size_t kSentenceSearchChars = 1000;
std::string cut_to_message_length(std::string_view text);

// Damerau-Levenshtein distance between two short byte strings (an adjacent swap counts once):
// how far a typed word is from a known one ("tranfer" is 1 from "transfer").
std::size_t edit_distance(std::string_view a, std::string_view b);

// A short single-line field (names, e-mail, contact): trimmed, 1..max characters.
Result<std::string> validate_short_text(std::string_view field, std::string_view text, std::size_t max_chars);

}  // namespace baton::core
