#include "ai/builtin/builtin_responder.hpp"

#include <algorithm>

#include "ai/builtin/fitted_model.hpp"

namespace baton::ai::builtin {

BuiltinResponder::BuiltinResponder()
    : BuiltinResponder(kFittedModel, WordNet::open(std::string(WordNet::kDefaultDirectory))) {}

BuiltinResponder::BuiltinResponder(FittedModel model, std::optional<WordNet> wordnet)
    : model_(std::move(model)),
      wordnet_(std::move(wordnet)),
      lexicon_(support_lexicon_text()),
      concept_synonyms_(wordnet_ ? concept_synonyms_of(lexicon_, *wordnet_, model_.retrieval.synonym_senses)
                                 : ConceptSynonyms{}) {}

BuiltinResponder::~BuiltinResponder() = default;

void BuiltinResponder::load_knowledge(const core::Id& assistant_id, const std::vector<core::KnowledgeEntry>& entries) {
  // Built outside the lock; searches keep using the old index until the swap.
  auto index = std::make_shared<KnowledgeIndex>(
      entries, lexicon_, wordnet_ ? &*wordnet_ : nullptr,
      [this](std::string_view text) { return normalizer_.normalize(text); }, model_.retrieval, concept_synonyms_);
  std::lock_guard lock(mutex_);
  indexes_[assistant_id] = std::move(index);
}

std::shared_ptr<KnowledgeIndex> BuiltinResponder::index_for(const core::Id& assistant_id) {
  std::lock_guard lock(mutex_);
  auto found = indexes_.find(assistant_id);
  return found == indexes_.end() ? nullptr : found->second;
}

Judgement BuiltinResponder::judge(const core::Id& assistant_id, std::string_view text, int candidates) {
  Judgement judgement;
  auto index = index_for(assistant_id);
  if (!index) return judgement;
  const auto normalized = normalizer_.normalize(text);
  judgement.index = index;
  judgement.retrieval = index->search(normalized, std::max(candidates, KnowledgeIndex::kCandidates));
  judgement.signals = signals_of(judgement.retrieval, normalized);
  if (judgement.retrieval.candidates.empty()) return judgement;
  judgement.confidence = confidence(model_.reject, judgement.signals);
  judgement.answers = judgement.confidence >= model_.reject.threshold;
  return judgement;
}

std::vector<Match> BuiltinResponder::rank(const core::Id& assistant_id, std::string_view text, int limit) {
  return judge(assistant_id, text, limit).best(limit);
}

std::vector<Match> Judgement::best(int limit) const {
  std::vector<Match> matches;
  for (const auto& candidate : retrieval.candidates) {
    if (static_cast<int>(matches.size()) >= limit) break;
    matches.push_back(Match{candidate.knowledge_id, candidate.coverage, candidate.shared_concepts});
  }
  return matches;
}

Explanation BuiltinResponder::explain(const Judgement& judgement) const {
  Explanation explanation;
  explanation.confidence = judgement.confidence;
  explanation.threshold = model_.reject.threshold;
  for (std::size_t i = 0; i < kSignalCount; ++i) {
    explanation.signals.push_back(
        {std::string(kSignalNames[i]), judgement.signals.values[i], model_.reject.weights[i]});
  }
  const auto& retrieval = judgement.retrieval;
  explanation.unknown_words = retrieval.unknown_words;
  for (const auto& s : retrieval.synonyms) explanation.synonyms.push_back({s.word, s.as});
  for (const auto& s : retrieval.corrections) explanation.corrections.push_back({s.word, s.as});
  return explanation;
}

Reply BuiltinResponder::respond(const Question& question) {
  const auto judgement = judge(question.assistant.id, question.text);
  Reply reply{ReplyKind::fallback, fallback_text(question.assistant), std::nullopt, 0};
  if (judgement.answers) {
    const auto& best = judgement.retrieval.candidates.front();
    reply = Reply{ReplyKind::answer, judgement.index->answer(best.knowledge_id), best.knowledge_id, best.coverage};
  }
  reply.explanation = explain(judgement);
  return reply;
}

std::string fallback_text(const core::Assistant& assistant) {
  std::string text = "抱歉，我不確定這個問題的答案。\nSorry, I am not sure about the answer to that.";
  if (assistant.live_agent_enabled) {
    text += "\n如需協助，請按「轉接真人」與客服人員對話。\nTo talk to a person, press \"Talk to a human\".";
  }
  return text;
}

}  // namespace baton::ai::builtin
