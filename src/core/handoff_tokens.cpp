#include "core/handoff_tokens.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <unordered_map>

#include "core/text.hpp"

namespace baton::core::handoff {
namespace {

// Bytes of the UTF-8 character at `at`, 1 for a byte that does not start a valid one.
std::size_t utf8_char_size(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  const std::size_t size = lead < 0x80 ? 1 : lead >= 0xF0 && lead < 0xF8 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (at + size > text.size()) return 1;
  for (std::size_t i = 1; i < size; ++i) {
    if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return 1;
  }
  return size;
}

// Typos are tolerated only on words long enough that one slip does not make another word.
std::size_t typos_allowed(std::size_t length) {
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

constexpr std::size_t kLongestTypoWord = 20;

bool word_matches(std::string_view typed, std::string_view known, bool tolerate_typos) {
  if (typed == known) return true;
  if (!tolerate_typos || typed.size() > kLongestTypoWord) return false;
  const std::size_t allowed = typos_allowed(std::min(typed.size(), known.size()));
  if (allowed == 0) return false;
  const std::size_t length_gap =
      typed.size() > known.size() ? typed.size() - known.size() : known.size() - typed.size();
  return length_gap <= allowed && edit_distance(typed, known) <= allowed;
}

// How many of the typed words the entry's words match from the start (0: no match).
std::size_t match_phrase(const Entry& entry, std::span<const std::string> words, bool tolerate_typos) {
  std::size_t count = 0;
  std::string_view rest = entry.text;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    if (count >= words.size() || !word_matches(words[count], word, tolerate_typos)) return 0;
    ++count;
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return count;
}

void push_entry(std::vector<Token>& tokens, const Entry& entry) {
  if (entry.lead == 0) {
    tokens.push_back({entry.kind, std::string(entry.text)});
    return;
  }
  std::string_view rest = entry.text.substr(entry.lead);
  if (rest.starts_with(' ')) rest.remove_prefix(1);
  tokens.push_back({entry.lead_kind, std::string(entry.text.substr(0, entry.lead))});
  tokens.push_back({entry.kind, std::string(rest)});
}

// A lexicon's entries grouped by their first word (English) or first character (Chinese), each
// group in lexicon order: a word is compared with the few entries that can start with it, not
// with them all (every customer message is read this way, issue #17).
class Grouped {
 public:
  // `with_typos`: also index the first words' spellings for starting_like (English only).
  Grouped(const std::vector<Entry>& lexicon, std::string_view (*first_of)(std::string_view), bool with_typos) {
    for (const Entry& entry : lexicon) {
      const auto first = first_of(entry.text);
      auto [at, added] = index_.try_emplace(first, firsts_.size());
      if (added) {
        firsts_.push_back(first);
        groups_.emplace_back();
      }
      groups_[at->second].push_back(&entry);
    }
    // Two words within k edits (transpositions included) become the same string when at most
    // k letters are deleted from each: the first words under every such deletion find the
    // candidates for a typo, and word_matches then judges each exactly. k is at most what
    // typos_allowed grants either word's length (word_matches grants the shorter one's).
    for (std::size_t i = 0; with_typos && i < firsts_.size(); ++i) {
      with_deletions(firsts_[i], typos_allowed(firsts_[i].size()), [&](const std::string& variant) {
        auto& found = by_deletion_[variant];
        if (found.empty() || found.back() != i) found.push_back(i);
      });
    }
  }
  // The entries starting with `first` exactly.
  std::span<const Entry* const> starting_with(std::string_view first) const {
    const auto found = index_.find(first);
    if (found == index_.end()) return {};
    return groups_[found->second];
  }
  // The entries whose first word is within the typo allowance of `typed`, in lexicon order (so
  // that equal matches go to the earlier entry, as a scan of the whole lexicon gives).
  std::vector<const Entry*> starting_like(std::string_view typed) const {
    std::vector<std::size_t> candidates;
    if (typed.size() > kLongestTypoWord) {
      if (auto found = index_.find(typed); found != index_.end()) candidates.push_back(found->second);
    } else {
      with_deletions(typed, typos_allowed(typed.size()), [&](const std::string& variant) {
        if (auto found = by_deletion_.find(variant); found != by_deletion_.end()) {
          candidates.insert(candidates.end(), found->second.begin(), found->second.end());
        }
      });
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::vector<const Entry*> entries;
    for (std::size_t i : candidates) {
      if (word_matches(typed, firsts_[i], true)) entries.insert(entries.end(), groups_[i].begin(), groups_[i].end());
    }
    std::sort(entries.begin(), entries.end());  // one array: address order is lexicon order
    return entries;
  }

 private:
  // Calls `visit` with `word` and every string made by deleting up to `most` of its bytes at
  // `from` or after (each set of positions once; equal letters may give a string twice).
  template <class Visit>
  static void with_deletions(std::string_view word, std::size_t most, Visit&& visit, std::size_t from = 0) {
    visit(std::string(word));
    if (most == 0) return;
    for (std::size_t at = from; at < word.size(); ++at) {
      const std::string shorter = std::string(word.substr(0, at)).append(word.substr(at + 1));
      with_deletions(shorter, most - 1, visit, at);
    }
  }

  std::unordered_map<std::string, std::vector<std::size_t>> by_deletion_;
  std::vector<std::string_view> firsts_;
  std::vector<std::vector<const Entry*>> groups_;
  std::unordered_map<std::string_view, std::size_t> index_;
};

std::string_view first_word(std::string_view text) { return text.substr(0, text.find(' ')); }

const Grouped& english_by_first_word() {
  static const Grouped grouped(english_lexicon(), first_word, true);
  return grouped;
}

// Classifies a run of English words: the longest exact phrase, else the longest phrase
// within the typo allowance, else an unknown word.
void classify_english(std::span<const std::string> words, std::vector<Token>& tokens) {
  const Grouped& lexicon = english_by_first_word();
  std::size_t at = 0;
  while (at < words.size()) {
    const Entry* best = nullptr;
    std::size_t best_words = 0;
    auto try_entries = [&](std::span<const Entry* const> entries, bool tolerate_typos) {
      for (const Entry* entry : entries) {
        const std::size_t matched = match_phrase(*entry, words.subspan(at), tolerate_typos);
        if (matched > best_words) {
          best = entry;
          best_words = matched;
        }
      }
    };
    try_entries(lexicon.starting_with(words[at]), false);
    if (best == nullptr) try_entries(lexicon.starting_like(words[at]), true);
    if (best == nullptr) {
      tokens.push_back({Kind::other, words[at]});
      ++at;
      continue;
    }
    push_entry(tokens, *best);
    at += best_words;
  }
}

std::string_view first_character(std::string_view text) { return text.substr(0, utf8_char_size(text, 0)); }

const Grouped& chinese_by_first_character() {
  static const Grouped grouped(chinese_lexicon(), first_character, false);  // Chinese slips are entries
  return grouped;
}

// The longest Chinese entry at the start of `text`, if any.
const Entry* longest_chinese_entry(std::string_view text) {
  const Entry* best = nullptr;
  for (const Entry* candidate : chinese_by_first_character().starting_with(first_character(text))) {
    const Entry& entry = *candidate;
    if (text.starts_with(entry.text) && (best == nullptr || entry.text.size() > best->text.size())) best = &entry;
  }
  return best;
}

// 人工 alone is "manual": it names a person only where no noun follows to make it a material or
// a fee (人工皮, 人工草, 人工費), that is at the end, before English, a pause, or a word of the
// request itself (轉人工好嗎, 人工協助, 人工 在嗎).
constexpr std::string_view kManMade = "人工";

bool man_made_stands_alone(std::string_view after) {
  if (after.empty() || static_cast<unsigned char>(after.front()) < 0x80) return true;
  if (after.starts_with(kManMade)) return true;  // 人工人工: the next one is judged on its own
  const Entry* next = longest_chinese_entry(after);
  if (next == nullptr) return false;
  switch (next->kind) {
    case Kind::person:
    case Kind::filler:
    case Kind::question:
    case Kind::after_person:
    case Kind::politeness:
    case Kind::request:
    case Kind::communicate:
    case Kind::clause_break:
      return true;
    default:
      return false;
  }
}

bool is_cjk_pause(std::string_view text) {
  return text.starts_with("。") || text.starts_with("、") || text.starts_with("…") || text.starts_with("「") ||
         text.starts_with("」");
}

// A run of spaces is a pause between Chinese words, but only a word gap next to English.
bool spaces_are_pause(std::string_view text, std::size_t first, std::size_t end) {
  return first > 0 && end < text.size() && static_cast<unsigned char>(text[first - 1]) >= 0x80 &&
         static_cast<unsigned char>(text[end]) >= 0x80;
}

// "s" ending the word after an apostrophe.
bool is_possessive_s(std::string_view after_apostrophe) {
  return (after_apostrophe.starts_with('s') || after_apostrophe.starts_with('S')) &&
         (after_apostrophe.size() == 1 || !is_ascii_letter(static_cast<unsigned char>(after_apostrophe[1])));
}

// Reads the English word at `at` into `words`, lower-cased; answers where it ends. Apostrophes
// inside a word go ("don't" -> "dont", "I'd" -> "id"), straight or curly, except the possessive
// 's, which is a word of its own ("the agent's name").
std::size_t read_english_word(std::string_view text, std::size_t at, std::vector<std::string>& words) {
  std::string word;
  bool possessive = false;
  while (at < text.size() && !possessive) {
    const std::string_view rest = text.substr(at);
    const std::size_t apostrophe = rest.starts_with('\'') ? 1 : rest.starts_with("’") ? 3 : 0;
    if (is_ascii_letter(static_cast<unsigned char>(text[at]))) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[at]))));
      ++at;
    } else if (apostrophe > 0) {
      possessive = is_possessive_s(rest.substr(apostrophe));
      at += apostrophe + (possessive ? 1 : 0);
    } else {
      break;
    }
  }
  words.push_back(std::move(word));
  if (possessive) words.emplace_back("'s");
  return at;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::vector<std::string> words;  // the English run being read
  const auto flush_words = [&] {
    classify_english(words, tokens);
    words.clear();
  };
  std::size_t at = 0;
  while (at < text.size()) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (is_ascii_letter(c)) {
      at = read_english_word(text, at, words);
      continue;
    }
    if (c == '-' && at > 0 && at + 1 < text.size() && is_ascii_letter(static_cast<unsigned char>(text[at - 1])) &&
        is_ascii_letter(static_cast<unsigned char>(text[at + 1]))) {
      words.emplace_back("-");  // joins a compound: "human-readable" is no human
      ++at;
      continue;
    }
    if (c == ' ') {
      const std::size_t end = text.find_first_not_of(' ', at);
      const std::size_t run_end = end == std::string_view::npos ? text.size() : end;
      if (spaces_are_pause(text, at, run_end)) {
        flush_words();
        tokens.push_back({Kind::clause_break, " "});
      }
      at = run_end;
      continue;
    }
    if (c < 0x80) {
      if (std::isdigit(c)) {  // a number is one word, and ends an English run
        flush_words();
        const std::size_t end = std::min(text.find_first_not_of("0123456789", at), text.size());
        tokens.push_back({Kind::other, std::string(text.substr(at, end - at))});
        at = end;
        continue;
      }
      const bool pause = c == '.' || c == ',' || c == '!' || c == ';' || c == ':' || c == '\n' || c == '?';
      if (pause) {
        flush_words();
        if (c == '?') tokens.push_back({Kind::question, "?"});
        tokens.push_back({Kind::clause_break, std::string(1, static_cast<char>(c))});
      }
      ++at;
      continue;
    }
    flush_words();
    const std::string_view rest = text.substr(at);
    if (is_cjk_pause(rest)) {
      tokens.push_back({Kind::clause_break, std::string(rest.substr(0, 3))});
      at += 3;
      continue;
    }
    if (rest.starts_with(kManMade)) {
      const Entry* compound = longest_chinese_entry(rest);
      if (compound->text == kManMade && man_made_stands_alone(rest.substr(kManMade.size()))) {
        tokens.push_back({Kind::person, std::string(kManMade)});
        at += kManMade.size();
        continue;
      }
    }
    if (const Entry* entry = longest_chinese_entry(rest)) {
      if (entry->lead > 0 && entry->text.ends_with(kManMade) &&
          !man_made_stands_alone(rest.substr(entry->text.size()))) {
        // 有人工皮: only the 有 is read here; the 人工 that follows is a material.
        tokens.push_back({entry->lead_kind, std::string(entry->text.substr(0, entry->lead))});
        at += entry->lead;
        continue;
      }
      push_entry(tokens, *entry);
      at += entry->text.size();
      continue;
    }
    const std::size_t size = utf8_char_size(text, at);
    tokens.push_back({Kind::other, std::string(text.substr(at, size))});
    at += size;
  }
  flush_words();
  return tokens;
}

}  // namespace baton::core::handoff
