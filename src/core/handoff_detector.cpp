#include "core/handoff_detector.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/handoff_tokens.hpp"

namespace baton::core {
namespace {

using handoff::is_ascii_letter;
using handoff::Kind;
using handoff::Token;
using handoff::tokenize;

// ---------------------------------------------------------------------------------------------
// Normalisation tables

// Simplified -> traditional for the characters the rules below use (OpenCC is not a core
// dependency; the AI layer normalises fully for retrieval). Two-character entries where the
// simplified character alone is also a traditional one (周, 里, 系, 复, 后, 范).
constexpr std::array<std::pair<std::string_view, std::string_view>, 89> kSimplified{{
    {"联系", "聯繫"}, {"周末", "週末"}, {"哪里", "哪裡"}, {"回复", "回覆"},  // before their characters
    {"周六", "週六"}, {"周日", "週日"}, {"上周", "上週"}, {"以后", "以後"}, {"示范", "示範"}, {"转", "轉"},
    {"个", "個"},     {"让", "讓"},     {"说", "說"},     {"话", "話"},     {"务", "務"},     {"员", "員"},
    {"联", "聯"},     {"专", "專"},     {"们", "們"},     {"谈", "談"},     {"请", "請"},     {"帮", "幫"},
    {"给", "給"},     {"讲", "講"},     {"换", "換"},     {"问", "問"},     {"烦", "煩"},     {"络", "絡"},
    {"来", "來"},     {"吗", "嗎"},     {"没", "沒"},     {"经", "經"},     {"过", "過"},     {"刚", "剛"},
    {"别", "別"},     {"无", "無"},     {"须", "須"},     {"么", "麼"},     {"沟", "溝"},     {"对", "對"},
    {"电", "電"},     {"时", "時"},     {"间", "間"},     {"线", "線"},     {"机", "機"},     {"处", "處"},
    {"试", "試"},     {"实", "實"},     {"费", "費"},     {"价", "價"},     {"职", "職"},     {"应", "應"},
    {"营", "營"},     {"点", "點"},     {"几", "幾"},     {"现", "現"},     {"协", "協"},     {"负", "負"},
    {"责", "責"},     {"征", "徵"},     {"这", "這"},     {"当", "當"},     {"账", "帳"},     {"运", "運"},
    {"头", "頭"},     {"卖", "賣"},     {"动", "動"},     {"钱", "錢"},     {"开", "開"},     {"组", "組"},
    {"装", "裝"},     {"维", "維"},     {"优", "優"},     {"虚", "虛"},     {"拟", "擬"},     {"还", "還"},
    {"与", "與"},     {"诉", "訴"},     {"为", "為"},     {"荐", "薦"},     {"业", "業"},     {"谢", "謝"},
    {"啰", "囉"},     {"马", "馬"},     {"赶", "趕"},     {"办", "辦"},     {"听", "聽"},     {"礼", "禮"},
    {"紧", "緊"},
}};

// Common input-method slips of the words that matter (same sound, other character).
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kTypos{{
    {"克服", "客服"},
    {"人公", "人工"},
    {"人功", "人工"},
    {"轉節", "轉接"},
}};

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// ---------------------------------------------------------------------------------------------
// Rules

using Clause = std::span<const Token>;

// How far before a person a request form still applies to it ("can I please speak to a real
// person": 4 tokens), and how far after it a trailing request does ("專員 在嗎").
constexpr std::size_t kRequestReachBefore = 6;
constexpr std::size_t kRequestReachAfter = 3;

bool is_request_form(Kind kind) {
  return kind == Kind::request || kind == Kind::politeness || kind == Kind::communicate || kind == Kind::transfer;
}

bool is_modal(Kind kind) { return kind == Kind::request || kind == Kind::politeness; }

std::optional<std::size_t> last_of(Clause clause, Kind kind) {
  for (std::size_t i = clause.size(); i > 0; --i) {
    if (clause[i - 1].kind == kind) return i - 1;
  }
  return std::nullopt;
}

bool has_kind(Clause clause, Kind kind) { return last_of(clause, kind).has_value(); }

bool has_kind_between(Clause clause, std::size_t from, std::size_t to, Kind kind) {
  for (std::size_t i = from; i < std::min(to, clause.size()); ++i) {
    if (clause[i].kind == kind) return true;
  }
  return false;
}

// Why a person word is not a person here: a modifier before it (travel agent, AI客服) or a noun
// after it (human hair, agent discount); nullopt when it is one.
std::optional<std::string> person_word_excluded(Clause clause, std::size_t at) {
  if (at > 0 && clause[at - 1].kind == Kind::affiliate) return "product";
  if (at > 0 && clause[at - 1].kind == Kind::bot) return "no_person";
  if (at + 1 < clause.size() && clause[at + 1].kind == Kind::compound) return "product";
  // "the agent's name": what is asked for is the agent's, not the agent.
  if (at + 1 < clause.size() && clause[at + 1].text == "'s") return "mention";
  return std::nullopt;
}

// "有真人嗎" asks; "有人說..." states: 有 is a request only when the clause is a question.
bool needs_question(const Token& token) { return token.kind == Kind::request && token.text == "有"; }

// An English modal governs the next verb or noun: in "can I send it to a person" the request is
// to send, in "is there a discount for staff" it is for a discount, and the person is only where
// it goes.
bool english_word_governed_between(Clause clause, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    const Token& token = clause[i];
    const bool content = token.kind == Kind::other || token.kind == Kind::compound || token.kind == Kind::info;
    if (content && !token.text.empty() && is_ascii_letter(static_cast<unsigned char>(token.text.front()))) return true;
  }
  return false;
}

// The request or transfer form that applies to the person at `person`, if any: the nearest one
// before it (跟 only with a verb of talking after the person), else a trailing one.
std::optional<std::size_t> request_form_for(Clause clause, std::size_t person) {
  const std::size_t reach = person > kRequestReachBefore ? person - kRequestReachBefore : 0;
  for (std::size_t i = person; i > reach; --i) {
    const Token& token = clause[i - 1];
    if (token.kind == Kind::subordinator) break;
    if (needs_question(token) && !has_kind_between(clause, person + 1, clause.size(), Kind::question)) continue;
    if (is_request_form(token.kind)) {
      if (is_modal(token.kind) && english_word_governed_between(clause, i, person)) return std::nullopt;
      return i - 1;
    }
    if (token.kind == Kind::preposition &&
        has_kind_between(clause, person + 1, person + 1 + kRequestReachAfter, Kind::communicate)) {
      return i - 1;
    }
  }
  for (std::size_t i = person + 1; i < std::min(clause.size(), person + 1 + kRequestReachAfter); ++i) {
    const Kind kind = clause[i].kind;
    if (kind == Kind::possessive) break;
    if (kind == Kind::after_person || kind == Kind::politeness) return i;
  }
  return std::nullopt;
}

// A negation governs the request when no fresh request follows it before the person ("I don't
// want a bot I want a human" asks; "I don't want to talk to a human" does not).
bool negated(Clause clause, std::size_t person, std::size_t form) {
  const std::size_t end = std::max(person, form);
  bool negation_open = false;
  for (std::size_t i = 0; i < end; ++i) {
    const Kind kind = clause[i].kind;
    if (kind == Kind::negator) {
      negation_open = true;
    } else if (is_modal(kind) && negation_open) {
      std::size_t before = i;
      while (before > 0 && clause[before - 1].kind == Kind::filler) --before;
      const bool governed = before > 0 && clause[before - 1].kind == Kind::negator;
      if (!governed) negation_open = false;
    }
  }
  return negation_open;
}

// A past or later marker puts the talk out of "now". A past one may belong to an earlier talk
// with another person, and then a request after it still asks ("I talked to an agent
// yesterday and I need a human now"); a later one never leaves a request for now.
std::optional<std::string> out_of_now(Clause clause, std::size_t person, std::size_t form) {
  if (has_kind(clause, Kind::later)) return "later";
  const auto past = last_of(clause, Kind::past);
  if (!past) return std::nullopt;
  const bool earlier_talk =
      std::any_of(clause.begin(), clause.begin() + static_cast<std::ptrdiff_t>(form),
                  [&](const Token& t) { return t.kind == Kind::person && &t != &clause[person]; });
  if (is_modal(clause[form].kind) && form > *past && earlier_talk) return std::nullopt;
  return "past";
}

// Rank of the reasons a clause did not ask, the most telling first.
int rank_of(std::string_view rule) {
  constexpr std::array<std::string_view, 9> kOrder{"negated", "past",    "later",         "job",      "about_service",
                                                   "product", "mention", "not_a_request", "no_person"};
  const auto found = std::find(kOrder.begin(), kOrder.end(), rule);
  return static_cast<int>(found - kOrder.begin());
}

HandoffVerdict better_reason(HandoffVerdict a, HandoffVerdict b) { return rank_of(b.rule) < rank_of(a.rule) ? b : a; }

// "Anyone there?" names no one in particular: an indefinite pronoun asks only with a request
// form ("is there anyone who can help", "can someone call me").
bool is_indefinite(std::string_view person) {
  return person == "anyone" || person == "anybody" || person == "someone" || person == "somebody";
}

// "Can someone call me" asks for a person to talk to; "can someone explain the return policy"
// asks for an answer from whoever is there: an indefinite subject of can/could asks for a person
// only with a verb of talking.
bool asks_someone_to_do_something_else(Clause clause, std::size_t person, std::size_t form) {
  const bool indefinite_subject = is_indefinite(clause[person].text) && form + 1 == person &&
                                  (clause[form].text == "can" || clause[form].text == "could");
  return indefinite_subject && !has_kind_between(clause, person + 1, person + 5, Kind::communicate);
}

HandoffVerdict judge_person(Clause clause, std::size_t person) {
  HandoffVerdict verdict{false, "mention", clause[person].text, ""};
  const auto form = request_form_for(clause, person);
  if (!form) {
    // "no agent", "不需要真人": the negation stands where the request would.
    if (negated(clause, person, person)) {
      verdict.rule = "negated";
    } else if (has_kind(clause, Kind::later)) {
      verdict.rule = "later";
    } else if (has_kind(clause, Kind::past)) {
      verdict.rule = "past";
    }
    return verdict;
  }
  verdict.request = clause[*form].text;
  if (asks_someone_to_do_something_else(clause, person, *form)) {
    verdict.rule = "not_a_request";
    return verdict;
  }
  if (negated(clause, person, *form)) {
    verdict.rule = "negated";
    return verdict;
  }
  if (auto reason = out_of_now(clause, person, *form)) {
    verdict.rule = *reason;
    return verdict;
  }
  verdict.requested = true;
  const std::size_t from = std::min(*form, person);
  const std::size_t to = std::max(*form, person);
  verdict.rule = has_kind_between(clause, from, to + 1, Kind::transfer) ? "transfer" : "request_for_person";
  return verdict;
}

HandoffVerdict judge_clause(Clause clause) {
  HandoffVerdict best{false, "no_person", "", ""};
  bool any_person = false;
  for (std::size_t at = 0; at < clause.size(); ++at) {
    if (clause[at].kind != Kind::person) continue;
    if (auto excluded = person_word_excluded(clause, at)) {
      best = better_reason(best, {false, *excluded, clause[at].text, ""});
      continue;
    }
    any_person = true;
    if (has_kind(clause, Kind::job)) return {false, "job", clause[at].text, ""};
    if (has_kind(clause, Kind::info)) return {false, "about_service", clause[at].text, ""};
    HandoffVerdict verdict = judge_person(clause, at);
    if (verdict.requested) return verdict;
    best = better_reason(best, verdict);
  }
  if (!any_person && best.rule == "no_person" &&
      std::any_of(clause.begin(), clause.end(), [](const Token& t) { return is_request_form(t.kind); })) {
    best.rule = "not_a_request";
  }
  return best;
}

// Nothing but a name for a person, with politeness and fillers: "agent, please", "真人!!!", or
// such a clause after others ("It keeps failing. Human.").
std::optional<HandoffVerdict> bare_person(Clause clause) {
  std::string person;
  for (std::size_t at = 0; at < clause.size(); ++at) {
    switch (clause[at].kind) {
      case Kind::person:
        if (person_word_excluded(clause, at) || is_indefinite(clause[at].text)) return std::nullopt;
        if (person.empty()) person = clause[at].text;
        break;
      case Kind::politeness:
      case Kind::filler:
      case Kind::possessive:
      case Kind::question:
      case Kind::after_person:
      case Kind::clause_break:
        break;
      default:
        return std::nullopt;
    }
  }
  if (person.empty()) return std::nullopt;
  return HandoffVerdict{true, "bare_person", person, ""};
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

HandoffVerdict judge_handoff(std::string_view raw) {
  const std::string text = normalize_for_intent(raw);
  const std::vector<Token> tokens = tokenize(text);
  if (auto bare = bare_person(tokens)) return *bare;  // a person word repeated across pauses is still bare

  HandoffVerdict best{false, "no_person", "", ""};
  std::size_t begin = 0;
  for (std::size_t end = 0; end <= tokens.size(); ++end) {
    if (end < tokens.size() && tokens[end].kind != Kind::clause_break) continue;
    const Clause clause = std::span<const Token>(tokens).subspan(begin, end - begin);
    if (auto bare = bare_person(clause)) return *bare;
    HandoffVerdict verdict = judge_clause(clause);
    if (verdict.requested) return verdict;
    best = better_reason(best, verdict);
    begin = end + 1;
  }
  return best;
}

bool is_handoff_request(std::string_view text) { return judge_handoff(text).requested; }

}  // namespace baton::core
