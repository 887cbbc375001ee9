// The built-in AI measured honestly: the reject rule is fitted on labelled questions
// (testdata/eval, the set the project started from, and testdata/eval-extra, written later the
// same way), scored by repeated k-fold cross-validation (each question judged by a rule fitted
// without it), and on testdata/heldout, which nobody reads while tuning (only its totals are
// printed).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <numeric>
#include <random>

#include "ai/builtin/builtin_responder.hpp"
#include "ai/builtin/fitted_model.hpp"
#include "eval_data.hpp"

namespace baton::ai::builtin {
namespace {

// Issue #15's targets on unseen questions, and the floors this suite holds: the cross-validated
// figures reached so far (the targets are not met yet; a change that loses ground fails).
constexpr double kTopOneTarget = 0.90;
constexpr double kFallbackTarget = 0.80;
constexpr double kTopOneFloor = 0.76;
constexpr double kFallbackFloor = 0.77;
constexpr int kFolds = 5;
constexpr int kRepeats = 3;

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

// The queries as judged by the built-in AI with the given search weights (the rule's own
// verdict is not used: each fold fits its own).
std::vector<Judged> judge_all(const RetrievalTuning& tuning, const std::vector<Query>& queries) {
  BuiltinResponder responder({tuning, {}}, WordNet::open(std::string(WordNet::kDefaultDirectory)));
  responder.load_knowledge("asst_shop", eval_knowledge());
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
  double balanced() const { return (top_one() + fallback()) / 2; }
  // Whether the text was handled right.
  bool add(const Judged& j, const RejectModel& model) {
    const bool answers = !j.best.empty() && confidence(model, j.labelled.signals) >= model.threshold;
    if (j.labelled.answerable) {
      ++answerable;
      if (j.labelled.best_is_right) ++ranked_first;
      if (answers && j.labelled.best_is_right) return ++right, true;
    } else {
      ++unanswerable;
      if (!answers) return ++fallbacks, true;
    }
    return false;
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
    if (!s.add(j, model) && show_misses) {
      std::cout << "  miss: \"" << j.query.text << "\" wanted " << j.query.expected.value_or("fallback") << ", best "
                << (j.best.empty() ? "none" : j.best) << " at " << confidence(model, j.labelled.signals) << "\n";
    }
  }
  return s;
}

using Indices = std::vector<std::size_t>;

RejectModel fit_on(const std::vector<Judged>& pool, const Indices& indices) {
  std::vector<LabelledSearch> examples;
  for (auto i : indices) examples.push_back(pool[i].labelled);
  return fit_reject_model(examples);
}

// `indices` dealt into kFolds folds, answerable and unanswerable texts spread evenly.
std::vector<Indices> folds_of(const std::vector<Judged>& pool, const Indices& indices, std::mt19937& random) {
  Indices answerable, unanswerable;
  for (auto i : indices) (pool[i].labelled.answerable ? answerable : unanswerable).push_back(i);
  std::vector<Indices> folds(kFolds);
  std::size_t dealt = 0;
  for (auto* group : {&answerable, &unanswerable}) {
    for (std::size_t i = group->size(); i > 1; --i) std::swap((*group)[i - 1], (*group)[random() % i]);
    for (auto i : *group) folds[dealt++ % kFolds].push_back(i);
  }
  return folds;
}

Indices all_but(const std::vector<Indices>& folds, std::size_t left_out) {
  Indices rest;
  for (std::size_t f = 0; f < folds.size(); ++f) {
    if (f != left_out) rest.insert(rest.end(), folds[f].begin(), folds[f].end());
  }
  return rest;
}

// One pass of k-fold cross-validation of the rule alone, within `indices`.
Score cross_validate_rule(const std::vector<Judged>& pool, const Indices& indices, std::mt19937& random) {
  Score total;
  const auto folds = folds_of(pool, indices, random);
  for (std::size_t f = 0; f < folds.size(); ++f) {
    const auto model = fit_on(pool, all_but(folds, f));
    for (auto i : folds[f]) total.add(pool[i], model);
  }
  return total;
}

// The search weights to try: the pool judged with each. The correction credit stays as it is
// (too few typing slips in the data to choose it by).
struct Setting {
  RetrievalTuning tuning;
  std::vector<Judged> pool;
};

std::vector<Setting> settings_for(const std::vector<Query>& queries) {
  std::vector<Setting> settings;
  for (double boost : {20.0, 10.0, 40.0}) {
    for (unsigned question_weight : {3u, 2u, 5u}) {
      for (double synonym_credit : {0.5, 0.9}) {
        for (int senses : {1, 2}) {
          RetrievalTuning tuning;
          tuning.concept_boost = boost;
          tuning.question_weight = question_weight;
          tuning.synonym_credit = synonym_credit;
          tuning.synonym_senses = senses;
          settings.push_back({tuning, judge_all(tuning, queries)});
        }
      }
    }
  }
  return settings;
}

// The setting whose rule does best (balanced score) under cross-validation within `indices`.
std::size_t choose(const std::vector<Setting>& settings, const Indices& indices, unsigned seed) {
  std::size_t best = 0;
  double best_score = -1;
  for (std::size_t s = 0; s < settings.size(); ++s) {
    std::mt19937 random(seed);  // the same folds for every setting
    const double balanced = cross_validate_rule(settings[s].pool, indices, random).balanced();
    if (balanced > best_score + 1e-9) best_score = balanced, best = s;
  }
  return best;
}

Indices everything(std::size_t size) {
  Indices all(size);
  std::iota(all.begin(), all.end(), 0);
  return all;
}

// Nested cross-validation: in each outer fold the weights are chosen and the rule fitted on the
// other folds only, then the fold is scored; repeated with other deals.
Score nested_cross_validation(const std::vector<Setting>& settings) {
  Score total;
  const auto& pool = settings.front().pool;
  std::mt19937 random(15);
  for (int repeat = 0; repeat < kRepeats; ++repeat) {
    const auto folds = folds_of(pool, everything(pool.size()), random);
    for (std::size_t f = 0; f < folds.size(); ++f) {
      const auto training = all_but(folds, f);
      const auto& chosen = settings[choose(settings, training, 100 + repeat)].pool;
      const auto model = fit_on(chosen, training);
      for (auto i : folds[f]) total.add(chosen[i], model);
    }
  }
  return total;
}

std::vector<Query> tuning_queries();

// Judged once for both tests below (each setting builds an index and searches every query).
const std::vector<Setting>& tuning_settings() {
  static const auto settings = settings_for(tuning_queries());
  return settings;
}

std::vector<Query> tuning_queries() {
  auto queries = queries_in("eval/queries-dev.json");
  const auto extra = queries_in("eval-extra/queries.json");
  queries.insert(queries.end(), extra.begin(), extra.end());
  return queries;
}

// The model as Baton's build would fit it: weights chosen on all labelled questions, then the
// rule fitted on all of them.
FittedModel fit_model(const std::vector<Setting>& settings) {
  const auto all = everything(settings.front().pool.size());
  const auto& chosen = settings[choose(settings, all, 15)];
  return {chosen.tuning, fit_on(chosen.pool, all)};
}

TEST(BuiltinAiModel, MeetsTheTargetsOnQuestionsItWasNotFittedOn) {
  const auto dev = queries_in("eval/queries-dev.json");
  const auto extra = queries_in("eval-extra/queries.json");
  ASSERT_FALSE(extra.empty()) << "testdata/eval-extra/queries.json is missing";
  const auto& settings = tuning_settings();
  const auto crossed = nested_cross_validation(settings);

  const auto& compiled = kFittedModel;
  const auto dev_score = score(judge_all(compiled.retrieval, dev), compiled.reject, true);
  const auto extra_score = score(judge_all(compiled.retrieval, extra), compiled.reject, true);
  std::cout << "built-in AI retrieval, tuned (weights and rule fitted on eval + eval-extra, scored on them):\n"
            << "  eval/queries-dev.json:      " << figures(dev_score) << "\n"
            << "  eval-extra/queries.json:    " << figures(extra_score) << "\n"
            << "built-in AI retrieval, nested cross-validation (" << kFolds << "-fold x " << kRepeats << ", "
            << settings.size() << " weight settings chosen inside each fold, on eval + eval-extra):\n  "
            << figures(crossed) << "\n";
  const auto heldout = queries_in("heldout/queries.json");
  if (!heldout.empty()) {
    // Totals only: its questions must stay unread.
    std::cout << "built-in AI retrieval, held-out (testdata/heldout, never read while tuning):\n  "
              << figures(score(judge_all(compiled.retrieval, heldout), compiled.reject, false)) << "\n";
  }
  std::cout << "  targets: top-1 " << percent(kTopOneTarget)
            << (crossed.top_one() >= kTopOneTarget ? " met" : " MISSED") << ", fallback " << percent(kFallbackTarget)
            << (crossed.fallback() >= kFallbackTarget ? " met" : " MISSED") << "\n";
  EXPECT_GE(crossed.top_one(), kTopOneFloor);
  EXPECT_GE(crossed.fallback(), kFallbackFloor);
}

// The model compiled into Baton is exactly what fitting gives on the labelled questions, so no
// weight was set by hand. BATON_WRITE_MODEL=1 rewrites src/ai/builtin/fitted_model.hpp.
TEST(BuiltinAiModel, CompiledModelIsTheFitOnTheLabelledQuestions) {
  const auto fitted = fit_model(tuning_settings());
  const auto& t = fitted.retrieval;
  if (std::getenv("BATON_WRITE_MODEL")) {
    std::ofstream out(std::string(BATON_TESTDATA) + "/../src/ai/builtin/fitted_model.hpp");
    out << std::setprecision(17)
        << "// Generated by the unit test BuiltinAiModel.CompiledModelIsTheFitOnTheLabelledQuestions\n"
           "// (BATON_WRITE_MODEL=1 rewrites it): the search weights chosen by\n"
           "// cross-validation and the reject rule fitted with them, on testdata/eval and\n"
           "// testdata/eval-extra. Do not edit by hand.\n#pragma once\n\n"
           "#include \"ai/builtin/builtin_responder.hpp\"\n\nnamespace baton::ai::builtin {\n\n"
           "// Search weights (RetrievalTuning), then the rule: weights in the order of kSignalNames, bias,\n"
           "// threshold.\n// clang-format off\ninline constexpr FittedModel kFittedModel{\n    {"
        << t.concept_boost << ", " << t.question_weight << ", " << t.synonym_credit << ", " << t.correction_credit
        << ", " << t.synonym_senses << "},\n    {{";
    for (std::size_t i = 0; i < kSignalCount; ++i) out << (i ? ", " : "") << fitted.reject.weights[i];
    out << "},\n     " << fitted.reject.bias << ",\n     " << fitted.reject.threshold
        << "}};\n// clang-format on\n\n}  // namespace baton::ai::builtin\n";
  }
  const auto& compiled = kFittedModel;
  EXPECT_EQ(compiled.retrieval.concept_boost, t.concept_boost);
  EXPECT_EQ(compiled.retrieval.question_weight, t.question_weight);
  EXPECT_EQ(compiled.retrieval.synonym_credit, t.synonym_credit);
  EXPECT_EQ(compiled.retrieval.correction_credit, t.correction_credit);
  EXPECT_EQ(compiled.retrieval.synonym_senses, t.synonym_senses);
  for (std::size_t i = 0; i < kSignalCount; ++i) {
    EXPECT_NEAR(compiled.reject.weights[i], fitted.reject.weights[i], 1e-6) << kSignalNames[i];
  }
  EXPECT_NEAR(compiled.reject.bias, fitted.reject.bias, 1e-6);
  EXPECT_NEAR(compiled.reject.threshold, fitted.reject.threshold, 1e-6);
}

}  // namespace
}  // namespace baton::ai::builtin
