// When the built-in AI answers and when it says it does not know: a calibrated rule over
// several signals of a search (how much of the text the best entry covers, its lead over the
// next, the words no entry knows, the text's length and kind), fitted by logistic regression
// on labelled questions, with the threshold that best balances right answers and fallbacks.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "ai/builtin/knowledge_index.hpp"

namespace baton::ai::builtin {

inline constexpr std::size_t kSignalCount = 11;

// Names as the playground shows them, in the order of Signals::values.
inline constexpr std::array<std::string_view, kSignalCount> kSignalNames{
    "coverage",           // 0..1: the share of the text's information the best entry holds
    "margin",             // the best entry's coverage minus the second's
    "rank_margin",        // (best BM25 weight - second's) / best
    "unknown_share",      // 0..1: the share of the text's information no entry has
    "length",             // log(1 + meaningful words and characters)
    "concept_agreement",  // 1: the best entry shares a support concept the text names; -1: it names one the entry lacks
    "question",           // 1: phrased as a question
    "cjk_share",          // 0..1: the share of the text in Chinese characters
    "question_coverage",  // 0..1: the share of the text's information the best entry's question holds
    "word_coverage",      // 0..1: the share of the text's words and characters the best entry holds
    "missing_detail",     // 0..1: how rare the rarest word or CJK pair the best entry lacks is (1: no entry has it)
};

struct Signals {
  std::array<double, kSignalCount> values{};
};

// The signals of a search for `normalized` (empty when nothing matched).
Signals signals_of(const Retrieval& retrieval, std::string_view normalized);

struct RejectModel {
  std::array<double, kSignalCount> weights{};
  double bias = 0;
  double threshold = 0.5;  // answers when the confidence is at least this
};

// 0..1: how likely the best entry answers the text.
double confidence(const RejectModel& model, const Signals& signals);

struct LabelledSearch {
  Signals signals;
  bool answerable = false;     // some entry answers the text
  bool best_is_right = false;  // the best entry is that one
};

// The weights by L2-regularised logistic regression (label: the best entry is right), then the
// threshold that maximises (right answers / answerable) + (fallbacks / unanswerable).
RejectModel fit_reject_model(const std::vector<LabelledSearch>& examples);

}  // namespace baton::ai::builtin
