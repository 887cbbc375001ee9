#include "core/handoff_detector.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace baton::core {
namespace {

// Simplified -> traditional for the characters the rules below use (OpenCC is not a core
// dependency; the AI layer normalises fully for retrieval).
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kSimplified{{
    {"转", "轉"}, {"个", "個"}, {"让", "讓"}, {"说", "說"},     {"话", "話"}, {"务", "務"}, {"员", "員"},
    {"联", "聯"}, {"专", "專"}, {"们", "們"}, {"谈", "談"},     {"请", "請"}, {"帮", "幫"}, {"给", "給"},
    {"讲", "講"}, {"换", "換"}, {"问", "問"}, {"麻烦", "麻煩"}, {"络", "絡"}, {"来", "來"},
}};

// Common input-method slips of the words that matter (same sound, other character).
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kTypos{{
    {"克服", "客服"},
    {"人公", "人工"},
    {"轉節", "轉接"},
}};

// Names of a person to talk to, and what may not follow them for the name to count
// (真人秀 is a show, 人工皮 is leather, 專人到府 is a service).
struct PersonTerm {
  std::string_view term;
  std::vector<std::string_view> not_followed_by;
};

const std::vector<PersonTerm>& chinese_person_terms() {
  static const std::vector<PersonTerm> terms{
      {"真人", {"秀", "版", "大小", "實拍", "模特", "使用", "造型", "尺寸"}},
      {"專人", {"到府", "送貨", "組裝", "安裝", "配送", "宅配"}},
      {"專員", {}},
      {"客服人員", {}},
      {"客服小姐", {}},
      {"客服專員", {}},
      {"真的人", {}},
      {"真正的客服", {}},
      {"活人", {}},
      {"員工", {}},
      {"人員", {}},
      {"換人", {}},
  };
  return terms;
}

constexpr std::array<std::string_view, 17> kChineseRequests{"轉",   "找",   "要",   "給我",   "換",   "請",
                                                            "麻煩", "拜託", "可以", "能不能", "能否", "想",
                                                            "跟",   "讓",   "幫",   "聯絡",   "問"};

// A request that was already fulfilled or a remark about staff, not a request.
constexpr std::array<std::string_view, 7> kChineseNotRequests{"聊過", "已經", "辛苦", "推薦", "徵", "親切", "謝謝你們"};

constexpr std::array<std::string_view, 10> kEnglishPersons{"human",   "person", "agent",  "representative", "operator",
                                                           "someone", "staff",  "people", "humans",         "persons"};
constexpr std::array<std::string_view, 12> kEnglishRequests{"talk", "speak",  "chat", "connect", "transfer", "want",
                                                            "need", "please", "pls",  "plz",     "let",      "get"};
constexpr std::array<std::string_view, 12> kEnglishFillers{"please", "pls",  "plz", "a",  "an",   "the",
                                                           "real",   "live", "now", "me", "asap", "thanks"};
constexpr std::array<std::string_view, 10> kChineseFillers{"請",   "謝謝", "好嗎", "拜託", "客服",
                                                           "服務", "快",   "一下", "幫我", "我要"};

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool word_matches(std::string_view word, std::string_view target) {
  if (word == target) return true;
  if (word.size() < 5 || target.size() < 5) return false;
  const std::size_t allowed = target.size() >= 10 ? 2 : 1;
  return edit_distance(word, target) <= allowed;
}

template <std::size_t N>
bool word_in(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return word_matches(word, w); });
}

std::vector<std::string_view> ascii_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && !std::isalpha(static_cast<unsigned char>(text[at]))) ++at;
    const std::size_t begin = at;
    while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at]))) ++at;
    if (at > begin) words.push_back(text.substr(begin, at - begin));
  }
  return words;
}

// Removes the Chinese person terms that count; answers whether any counted.
bool strip_chinese_persons(std::string& text) {
  bool found = false;
  for (const auto& [term, excluded] : chinese_person_terms()) {
    for (std::size_t at = text.find(term); at != std::string::npos; at = text.find(term, at)) {
      const std::string_view after = std::string_view(text).substr(at + term.size());
      const bool compound =
          std::any_of(excluded.begin(), excluded.end(), [&](std::string_view e) { return after.starts_with(e); });
      if (compound) {
        at += term.size();
        continue;
      }
      found = true;
      text.erase(at, term.size());
    }
  }
  // 人工 names a person only as 人工客服 / 人工服務 or on its own (转人工); else it is material.
  for (std::size_t at = text.find("人工"); at != std::string::npos; at = text.find("人工", at)) {
    const std::string_view after = std::string_view(text).substr(at + 6);
    const bool stands_alone = after.empty() || after.starts_with("客服") || after.starts_with("服務") ||
                              std::isspace(static_cast<unsigned char>(after.front())) ||
                              std::ispunct(static_cast<unsigned char>(after.front()));
    if (!stands_alone) {
      at += 6;
      continue;
    }
    found = true;
    text.erase(at, 6);
  }
  // 跟人講話 / 跟人說: a person without a title.
  for (std::string_view talk : {"跟人講", "跟人說", "跟人談", "跟人聊"}) {
    if (contains(text, talk)) found = true;
  }
  return found;
}

bool only_fillers_left(std::string text) {
  for (std::string_view filler : kChineseFillers) replace_all(text, filler, "");
  for (std::string_view word : ascii_words(text)) {
    if (!word_in(word, kEnglishFillers) && !word_in(word, kEnglishPersons)) return false;
  }
  // Words were checked above; any CJK character or digit left is content, not a filler.
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && !std::isdigit(u);
  });
}

}  // namespace

std::string normalize_for_intent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto c = static_cast<unsigned char>(text[at]);
    // Full-width ASCII U+FF01..U+FF5E is EF BC 81..EF BD 9E; U+3000 is E3 80 80.
    if (c == 0xEF && at + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[at + 1]);
      const auto b2 = static_cast<unsigned char>(text[at + 2]);
      const unsigned code = ((c & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
      // Only a whole sequence: a stray EF before two ASCII letters must not swallow them.
      const bool continued = (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80;
      if (continued && code >= 0xFF01 && code <= 0xFF5E) {
        out.push_back(static_cast<char>(std::tolower(static_cast<int>(code - 0xFEE0))));
        at += 2;
        continue;
      }
    }
    if (c == 0xE3 && at + 2 < text.size() && text[at + 1] == '\x80' && text[at + 2] == '\x80') {
      out.push_back(' ');
      at += 2;
      continue;
    }
    out.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c));
  }
  for (const auto& [from, to] : kSimplified) replace_all(out, from, to);
  for (const auto& [from, to] : kTypos) replace_all(out, from, to);
  return out;
}

bool is_handoff_request(std::string_view raw) {
  std::string text = normalize_for_intent(raw);
  if (std::any_of(kChineseNotRequests.begin(), kChineseNotRequests.end(),
                  [&](std::string_view n) { return contains(text, n); })) {
    return false;
  }

  const auto words = ascii_words(text);
  const bool english_person =
      std::any_of(words.begin(), words.end(), [](std::string_view w) { return word_in(w, kEnglishPersons); });
  const bool english_request =
      std::any_of(words.begin(), words.end(), [](std::string_view w) { return word_in(w, kEnglishRequests); });

  std::string rest = text;
  const bool chinese_person = strip_chinese_persons(rest);
  const bool chinese_request = std::any_of(kChineseRequests.begin(), kChineseRequests.end(),
                                           [&](std::string_view r) { return contains(rest, r); });

  const bool person = english_person || chinese_person;
  if (!person) return false;
  if (english_request || chinese_request) return true;
  return only_fillers_left(rest);
}

}  // namespace baton::core
