// Concepts shared across languages and wordings ("退錢" ~ "refund", "包郵" ~ "免運"): a text
// that mentions any form of a concept carries it, so the search can match a Chinese question
// to an English answer and one wording to another.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace baton::ai::builtin {

class Lexicon {
 public:
  // `definition`: lines `concept: form | form | ...`; `#` starts a comment. Forms are given
  // normalised (Traditional Chinese, lower case). Throws std::invalid_argument on a bad line.
  explicit Lexicon(std::string_view definition);

  // The concepts a normalised text mentions, each once, in lexicon order.
  std::vector<std::string> concepts_in(std::string_view normalized) const;

  std::size_t size() const { return concepts_.size(); }

  // The English forms that are one word ("refund", "postage"), as written.
  const std::vector<std::string>& english_words() const { return english_words_; }

 private:
  struct Concept {
    std::string name;
    std::vector<std::string> chinese_forms;               // matched as substrings
    std::vector<std::vector<std::string>> english_forms;  // matched as runs of word stems
  };

  std::vector<std::string> stems_of(std::string_view text) const;

  std::vector<Concept> concepts_;
  std::vector<std::string> english_words_;
};

// The definition compiled into the binary (src/ai/builtin/support_lexicon.txt).
std::string_view support_lexicon_text();

}  // namespace baton::ai::builtin
