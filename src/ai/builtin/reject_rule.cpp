#include "ai/builtin/reject_rule.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace baton::ai::builtin {
namespace {

constexpr std::size_t kTerms = kSignalCount + 1;  // the weights and the bias
// The regularisation: enough to keep a signal that separates a few examples perfectly from
// taking an infinite weight, too little to flatten the rest.
constexpr double kL2 = 1.0;
constexpr int kNewtonSteps = 50;

bool looks_like_a_question(std::string_view text) {
  static constexpr std::string_view kMarks[] = {"?",    "？", "嗎",   "吗",     "呢",       "如何",   "怎麼", "怎么",
                                                "多少", "幾", "是否", "能不能", "可不可以", "有沒有", "哪"};
  for (auto mark : kMarks) {
    if (text.find(mark) != std::string_view::npos) return true;
  }
  static constexpr std::string_view kOpeners[] = {"how ",   "what ",  "when ",   "where ", "why ",  "which ", "who ",
                                                  "can ",   "could ", "do ",     "does ",  "is ",   "are ",   "will ",
                                                  "would ", "may ",   "should ", "did ",   "have ", "has "};
  const auto start = text.find_first_not_of(" \t\n");
  if (start == std::string_view::npos) return false;
  const auto opening = text.substr(start);
  return std::any_of(std::begin(kOpeners), std::end(kOpeners), [&](auto o) { return opening.starts_with(o); });
}

// The share of the text's characters that are CJK (three-byte UTF-8 sequences from U+3000).
double cjk_share(std::string_view text) {
  std::size_t characters = 0, cjk = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (lead == ' ') {
      ++at;
      continue;
    }
    ++characters;
    if (length == 3 && lead >= 0xE3) ++cjk;
    at += length;
  }
  return characters == 0 ? 0 : double(cjk) / double(characters);
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Solves a small dense system by Gaussian elimination with partial pivoting.
std::array<double, kTerms> solve(std::array<std::array<double, kTerms>, kTerms> a, std::array<double, kTerms> b) {
  for (std::size_t column = 0; column < kTerms; ++column) {
    std::size_t pivot = column;
    for (std::size_t row = column + 1; row < kTerms; ++row) {
      if (std::abs(a[row][column]) > std::abs(a[pivot][column])) pivot = row;
    }
    std::swap(a[column], a[pivot]);
    std::swap(b[column], b[pivot]);
    if (std::abs(a[column][column]) < 1e-12) continue;
    for (std::size_t row = column + 1; row < kTerms; ++row) {
      const double factor = a[row][column] / a[column][column];
      for (std::size_t k = column; k < kTerms; ++k) a[row][k] -= factor * a[column][k];
      b[row] -= factor * b[column];
    }
  }
  std::array<double, kTerms> x{};
  for (std::size_t row = kTerms; row-- > 0;) {
    double sum = b[row];
    for (std::size_t k = row + 1; k < kTerms; ++k) sum -= a[row][k] * x[k];
    x[row] = std::abs(a[row][row]) < 1e-12 ? 0 : sum / a[row][row];
  }
  return x;
}

// The threshold on the examples' confidences that maximises the share of answerable texts
// answered right plus the share of unanswerable ones that fall back; the middle of the best gap.
double best_threshold(const std::vector<LabelledSearch>& examples, const std::vector<double>& confidences) {
  const double answerable =
      std::max<double>(1, std::count_if(examples.begin(), examples.end(), [](const auto& e) { return e.answerable; }));
  const double unanswerable = std::max<double>(1, double(examples.size()) - answerable);
  std::vector<std::size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return confidences[a] < confidences[b]; });
  // Threshold below everything: all answered.
  double score =
      std::count_if(examples.begin(), examples.end(), [](const auto& e) { return e.best_is_right; }) / answerable;
  // The best score may hold over a stretch of gaps (examples whose falling back changes nothing,
  // such as answerable ones the search ranks wrong); the threshold goes in the stretch's middle,
  // as far from the examples on either side as the data allows.
  double best_score = score;
  double stretch_low = 0, stretch_high = order.empty() ? 1.0 : confidences[order.front()];
  bool in_stretch = true;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& example = examples[order[i]];  // this one now falls back
    if (example.best_is_right) score -= 1 / answerable;
    if (!example.answerable) score += 1 / unanswerable;
    const double here = confidences[order[i]];
    const double next = i + 1 < order.size() ? confidences[order[i + 1]] : 1.0;
    if (next <= here) continue;  // no threshold separates equal confidences
    if (score > best_score + 1e-12) {
      best_score = score;
      stretch_low = here;
      stretch_high = next;
      in_stretch = true;
    } else if (in_stretch && score > best_score - 1e-12) {
      stretch_high = next;
    } else {
      in_stretch = false;
    }
  }
  return (stretch_low + stretch_high) / 2;
}

}  // namespace

Signals signals_of(const Retrieval& retrieval, std::string_view normalized) {
  Signals signals;
  auto& v = signals.values;
  const auto& candidates = retrieval.candidates;
  if (!candidates.empty()) {
    const auto& best = candidates.front();
    const double second_coverage = candidates.size() > 1 ? candidates[1].coverage : 0;
    const double second_weight = candidates.size() > 1 ? candidates[1].weight : 0;
    v[0] = best.coverage;
    v[1] = best.coverage - second_coverage;
    v[2] = best.weight > 0 ? (best.weight - second_weight) / best.weight : 0;
    v[5] = retrieval.concepts == 0 ? 0 : best.shared_concepts > 0 ? 1 : -1;
    v[8] = best.question_coverage;
    v[9] = best.word_coverage;
    v[10] = best.missing_detail;
  }
  v[3] = retrieval.unknown_share;
  v[4] = std::log1p(retrieval.content_units);
  v[6] = looks_like_a_question(normalized) ? 1 : 0;
  v[7] = cjk_share(normalized);
  return signals;
}

double confidence(const RejectModel& model, const Signals& signals) {
  double z = model.bias;
  for (std::size_t i = 0; i < kSignalCount; ++i) z += model.weights[i] * signals.values[i];
  return sigmoid(z);
}

RejectModel fit_reject_model(const std::vector<LabelledSearch>& examples) {
  RejectModel model;
  if (examples.empty()) return model;
  // Standardised signals, so one regularisation suits all scales; undone at the end.
  std::array<double, kSignalCount> mean{}, spread{};
  const double n = double(examples.size());
  for (const auto& e : examples) {
    for (std::size_t i = 0; i < kSignalCount; ++i) mean[i] += e.signals.values[i] / n;
  }
  for (const auto& e : examples) {
    for (std::size_t i = 0; i < kSignalCount; ++i) spread[i] += std::pow(e.signals.values[i] - mean[i], 2) / n;
  }
  for (auto& s : spread) s = s > 1e-12 ? std::sqrt(s) : 1;
  auto features = [&](const LabelledSearch& e) {
    std::array<double, kTerms> x{};
    for (std::size_t i = 0; i < kSignalCount; ++i) x[i] = (e.signals.values[i] - mean[i]) / spread[i];
    x[kSignalCount] = 1;
    return x;
  };

  std::array<double, kTerms> beta{};
  for (int step = 0; step < kNewtonSteps; ++step) {
    std::array<std::array<double, kTerms>, kTerms> hessian{};
    std::array<double, kTerms> gradient{};
    for (std::size_t i = 0; i < kSignalCount; ++i) {  // the penalty spares the bias
      hessian[i][i] += kL2;
      gradient[i] -= kL2 * beta[i];
    }
    for (const auto& e : examples) {
      const auto x = features(e);
      double z = 0;
      for (std::size_t i = 0; i < kTerms; ++i) z += beta[i] * x[i];
      const double p = sigmoid(z);
      const double residual = (e.best_is_right ? 1.0 : 0.0) - p;
      for (std::size_t i = 0; i < kTerms; ++i) {
        gradient[i] += residual * x[i];
        for (std::size_t j = 0; j < kTerms; ++j) hessian[i][j] += p * (1 - p) * x[i] * x[j];
      }
    }
    const auto change = solve(hessian, gradient);
    double size = 0;
    for (std::size_t i = 0; i < kTerms; ++i) {
      beta[i] += change[i];
      size += std::abs(change[i]);
    }
    if (size < 1e-10) break;
  }
  model.bias = beta[kSignalCount];
  for (std::size_t i = 0; i < kSignalCount; ++i) {
    model.weights[i] = beta[i] / spread[i];
    model.bias -= beta[i] * mean[i] / spread[i];
  }
  std::vector<double> confidences;
  confidences.reserve(examples.size());
  for (const auto& e : examples) confidences.push_back(confidence(model, e.signals));
  model.threshold = best_threshold(examples, confidences);
  return model;
}

}  // namespace baton::ai::builtin
