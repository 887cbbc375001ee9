// The handoff detector's reading of a normalised message: a sequence of tokens, each a word
// or phrase of the vocabulary (core/handoff_words.hpp) with its class, English words matched
// within a small edit distance, Chinese ones longest first. Internal to the detector.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/handoff_words.hpp"

namespace baton::core::handoff {

struct Token {
  Kind kind;
  std::string text;
};

inline bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// `text` as normalize_for_intent returns it.
std::vector<Token> tokenize(std::string_view text);

}  // namespace baton::core::handoff
