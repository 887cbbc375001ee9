// The built-in AI measured honestly: the reject rule is fitted on labelled questions
// (testdata/eval, the set the project started from, and testdata/eval-extra, written later the
// same way), scored by repeated k-fold cross-validation (each question judged by a rule fitted
// without it), and on testdata/heldout, which nobody reads while tuning (only its totals are
// printed).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <random>

#include "ai/builtin/builtin_responder.hpp"
#include "ai/builtin/fitted_reject_model.hpp"
#include "eval_data.hpp"

namespace baton::ai::builtin {
namespace {

// Issue #15's targets on unseen questions, and the floors this suite holds: the cross-validated
// figures reached so far (the targets are not met yet; a change that loses ground fails).
constexpr double kTopOneTarget = 0.90;
constexpr double kFallbackTarget = 0.80;
constexpr double kTopOneFloor = 0.80;
constexpr double kFallbackFloor = 0.78;
constexpr int kFolds = 5;
constexpr int kRepeats = 5;

struct Query {
  std::string text;
  std::optional<std::string> expected;  // nullopt: no entry answers it
};

std::vector<Query> queries_in(const std::string& path) {
  std::vector<Query> queries;
  const auto data = testing::load_testdata(path);
  if (!data) return queries;
  for (const auto& item : data->as_array()) {
    Query query{std::string(item.at("query").as_string()), std::nullopt};
    if (!item.at("expected").is_null()) query.expected = std::string(item.at("expected").as_string());
    queries.push_back(std::move(query));
  }
  return queries;
}

std::vector<core::KnowledgeEntry> eval_knowledge() {
  std::vector<core::KnowledgeEntry> entries;
  const auto knowledge = testing::load_eval("knowledge.json");
  for (const auto& item : knowledge.as_array()) {
    entries.push_back({std::string(item.at("id").as_string()),
                       "asst_shop",
                       std::string(item.at("question").as_string()),
                       std::string(item.at("answer").as_string()),
                       {},
                       {}});
  }
  return entries;
}

struct Judged {
  Query query;
  LabelledSearch labelled;
  std::string best;  // the best entry's id ("" when nothing matched)
};

std::vector<Judged> judge_all(BuiltinResponder& responder, const std::vector<Query>& queries) {
  std::vector<Judged> judged;
  for (const auto& query : queries) {
    const auto judgement = responder.judge("asst_shop", query.text);
    const auto& candidates = judgement.retrieval.candidates;
    Judged j{query, {judgement.signals, query.expected.has_value(), false}, {}};
    if (!candidates.empty()) j.best = candidates.front().knowledge_id;
    j.labelled.best_is_right = query.expected && j.best == *query.expected;
    judged.push_back(std::move(j));
  }
  return judged;
}

struct Score {
  int answerable = 0, right = 0, unanswerable = 0, fallbacks = 0;
  int ranked_first = 0;  // answerable texts whose best entry is right, answered or not
  double top_one() const { return answerable ? double(right) / answerable : 0; }
  double fallback() const { return unanswerable ? double(fallbacks) / unanswerable : 0; }
  void add(const Judged& j, const RejectModel& model) {
    const bool answers = !j.best.empty() && confidence(model, j.labelled.signals) >= model.threshold;
    if (j.labelled.answerable) {
      ++answerable;
      if (j.labelled.best_is_right) ++ranked_first;
      if (answers && j.labelled.best_is_right) ++right;
    } else {
      ++unanswerable;
      if (!answers) ++fallbacks;
    }
  }
};

std::string percent(double share) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << share * 100 << " %";
  return out.str();
}

std::string figures(const Score& s) {
  return "top-1 " + percent(s.top_one()) + " (" + std::to_string(s.right) + "/" + std::to_string(s.answerable) +
         "), fallback " + percent(s.fallback()) + " (" + std::to_string(s.fallbacks) + "/" +
         std::to_string(s.unanswerable) + "); best entry right before the rule " +
         percent(s.answerable ? double(s.ranked_first) / s.answerable : 0);
}

Score score(const std::vector<Judged>& judged, const RejectModel& model, bool show_misses) {
  Score s;
  for (const auto& j : judged) {
    const int right_before = s.right, fallbacks_before = s.fallbacks;
    s.add(j, model);
    const bool missed = j.labelled.answerable ? s.right == right_before : s.fallbacks == fallbacks_before;
    if (show_misses && missed) {
      std::cout << "  miss: \"" << j.query.text << "\" wanted " << j.query.expected.value_or("fallback") << ", best "
                << (j.best.empty() ? "none" : j.best) << " at " << confidence(model, j.labelled.signals) << "\n";
    }
  }
  return s;
}

std::vector<LabelledSearch> labelled(const std::vector<Judged>& judged) {
  std::vector<LabelledSearch> out;
  for (const auto& j : judged) out.push_back(j.labelled);
  return out;
}

// Repeated stratified k-fold: every question is scored kRepeats times, each time by a rule
// fitted on the folds it is not in.
Score cross_validate(const std::vector<Judged>& pool) {
  Score total;
  std::mt19937 random(15);
  for (int repeat = 0; repeat < kRepeats; ++repeat) {
    std::vector<std::size_t> answerable, unanswerable;
    for (std::size_t i = 0; i < pool.size(); ++i)
      (pool[i].labelled.answerable ? answerable : unanswerable).push_back(i);
    std::vector<int> fold_of(pool.size());
    for (auto* group : {&answerable, &unanswerable}) {
      for (std::size_t i = group->size(); i > 1; --i) std::swap((*group)[i - 1], (*group)[random() % i]);
      for (std::size_t i = 0; i < group->size(); ++i) fold_of[(*group)[i]] = static_cast<int>(i % kFolds);
    }
    for (int fold = 0; fold < kFolds; ++fold) {
      std::vector<LabelledSearch> training;
      for (std::size_t i = 0; i < pool.size(); ++i) {
        if (fold_of[i] != fold) training.push_back(pool[i].labelled);
      }
      const auto model = fit_reject_model(training);
      for (std::size_t i = 0; i < pool.size(); ++i) {
        if (fold_of[i] == fold) total.add(pool[i], model);
      }
    }
  }
  return total;
}

class BuiltinAiModel : public ::testing::Test {
 protected:
  void SetUp() override { responder_.load_knowledge("asst_shop", eval_knowledge()); }

  std::vector<Judged> pool() {
    auto all = judge_all(responder_, queries_in("eval/queries-dev.json"));
    auto extra = judge_all(responder_, queries_in("eval-extra/queries.json"));
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  }

  BuiltinResponder responder_;
};

TEST_F(BuiltinAiModel, MeetsTheTargetsOnQuestionsItWasNotFittedOn) {
  const auto dev = judge_all(responder_, queries_in("eval/queries-dev.json"));
  const auto extra = judge_all(responder_, queries_in("eval-extra/queries.json"));
  ASSERT_FALSE(extra.empty()) << "testdata/eval-extra/queries.json is missing";
  auto all = dev;
  all.insert(all.end(), extra.begin(), extra.end());
  const auto& model = responder_.model();

  const auto dev_score = score(dev, model, true);
  const auto extra_score = score(extra, model, true);
  const auto crossed = cross_validate(all);
  std::cout << "built-in AI retrieval, tuned (rule fitted on eval + eval-extra, scored on them):\n"
            << "  eval/queries-dev.json:      " << figures(dev_score) << "\n"
            << "  eval-extra/queries.json:    " << figures(extra_score) << "\n"
            << "built-in AI retrieval, cross-validated (" << kFolds << "-fold x " << kRepeats
            << " on eval + eval-extra):\n  " << figures(crossed) << "\n";
  const auto heldout = judge_all(responder_, queries_in("heldout/queries.json"));
  if (!heldout.empty()) {
    // Totals only: its questions must stay unread.
    std::cout << "built-in AI retrieval, held-out (testdata/heldout, never read while tuning):\n  "
              << figures(score(heldout, model, false)) << "\n";
  }
  std::cout << "  targets: top-1 " << percent(kTopOneTarget)
            << (crossed.top_one() >= kTopOneTarget ? " met" : " MISSED") << ", fallback " << percent(kFallbackTarget)
            << (crossed.fallback() >= kFallbackTarget ? " met" : " MISSED") << "\n";
  EXPECT_GE(crossed.top_one(), kTopOneFloor);
  EXPECT_GE(crossed.fallback(), kFallbackFloor);
}

// The rule compiled into Baton is exactly what fitting gives on the labelled questions, so no
// weight was set by hand. BATON_WRITE_MODEL=1 rewrites src/ai/builtin/fitted_reject_model.hpp.
TEST_F(BuiltinAiModel, CompiledRuleIsTheFitOnTheLabelledQuestions) {
  const auto fitted = fit_reject_model(labelled(pool()));
  if (std::getenv("BATON_WRITE_MODEL")) {
    std::ofstream out(std::string(BATON_TESTDATA) + "/../src/ai/builtin/fitted_reject_model.hpp");
    out << std::setprecision(17)
        << "// Generated by the unit test BuiltinAiModel.CompiledRuleIsTheFitOnTheLabelledQuestions\n"
           "// (BATON_WRITE_MODEL=1 rewrites it): the reject rule fitted on testdata/eval and\n"
           "// testdata/eval-extra. Do not edit by hand.\n#pragma once\n\n#include \"ai/builtin/reject_rule.hpp\"\n\n"
           "namespace baton::ai::builtin {\n\n// Weights in the order of kSignalNames, then the bias and the "
           "threshold.\n"
           "inline constexpr RejectModel kFittedRejectModel{\n    {";
    for (std::size_t i = 0; i < kSignalCount; ++i) out << (i ? ", " : "") << fitted.weights[i];
    out << "},\n    " << fitted.bias << ",\n    " << fitted.threshold << "};\n\n}  // namespace baton::ai::builtin\n";
  }
  for (std::size_t i = 0; i < kSignalCount; ++i) {
    EXPECT_NEAR(kFittedRejectModel.weights[i], fitted.weights[i], 1e-6) << kSignalNames[i];
  }
  EXPECT_NEAR(kFittedRejectModel.bias, fitted.bias, 1e-6);
  EXPECT_NEAR(kFittedRejectModel.threshold, fitted.threshold, 1e-6);
}

}  // namespace
}  // namespace baton::ai::builtin
