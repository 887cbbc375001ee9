// The built-in responder: Xapian full-text search over each assistant's knowledge (CJK n-grams,
// English stemming, WordNet synonyms, typo repair), answering with the best entry when a
// calibrated reject rule is confident enough that it answers the question.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "ai/builtin/knowledge_index.hpp"
#include "ai/builtin/lexicon.hpp"
#include "ai/builtin/reject_rule.hpp"
#include "ai/builtin/text_normalizer.hpp"
#include "ai/builtin/wordnet.hpp"
#include "ai/responder.hpp"

namespace baton::ai::builtin {

// What a search found and whether the reject rule lets the best entry answer.
struct Judgement {
  std::shared_ptr<const KnowledgeIndex> index;  // the one searched (a reload may swap in another)
  Retrieval retrieval;
  Signals signals;
  double confidence = 0;
  bool answers = false;  // the best entry answers (else: fall back)

  // The first `limit` entries the search found, best first.
  std::vector<Match> best(int limit) const;
};

// The search's weights and the reject rule fitted with them.
struct FittedModel {
  RetrievalTuning retrieval;
  RejectModel reject;
};

class BuiltinResponder final : public Responder {
 public:
  // The model fitted on the project's labelled questions (fitted_model.hpp); WordNet from
  // Debian's wordnet-base when installed (without it, no synonyms).
  BuiltinResponder();
  BuiltinResponder(FittedModel model, std::optional<WordNet> wordnet);
  ~BuiltinResponder() override;

  void load_knowledge(const core::Id& assistant_id, const std::vector<core::KnowledgeEntry>& entries) override;
  Reply respond(const Question& question) override;
  std::vector<Match> rank(const core::Id& assistant_id, std::string_view text, int limit) override;

  // The search and the rule's verdict, for a text to an assistant (no entry when it knows nothing);
  // the search keeps at least `candidates` entries (more than the rule looks at, for grounding).
  Judgement judge(const core::Id& assistant_id, std::string_view text, int candidates = KnowledgeIndex::kCandidates);

  const FittedModel& model() const { return model_; }

 private:
  std::shared_ptr<KnowledgeIndex> index_for(const core::Id& assistant_id);
  Explanation explain(const Judgement& judgement) const;

  FittedModel model_;
  std::optional<WordNet> wordnet_;
  TextNormalizer normalizer_;
  Lexicon lexicon_;
  ConceptSynonyms concept_synonyms_;
  std::mutex mutex_;
  std::unordered_map<core::Id, std::shared_ptr<KnowledgeIndex>> indexes_;
};

// The words of the fallback, which offer a live agent only when the assistant has them.
std::string fallback_text(const core::Assistant& assistant);

}  // namespace baton::ai::builtin
