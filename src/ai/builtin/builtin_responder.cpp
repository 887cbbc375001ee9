#include "ai/builtin/builtin_responder.hpp"

#include <xapian.h>

#include <algorithm>
#include <cmath>

namespace baton::ai::builtin {

namespace {

constexpr const char* kConceptPrefix = "XC";
// A concept is the strongest signal there is (it is what the customer asks about, in any
// language or wording): it outweighs the incidental n-grams a long message shares with an
// entry, and it is all that links a Chinese question to an English entry.
constexpr double kConceptBoost = 20.0;
constexpr Xapian::termcount kQuestionWeight = 3;  // the question says what the entry is about
constexpr int kCandidates = 5;

// Words that say nothing about the subject; unknown to the index, they would read as "the
// customer asked about something we do not know".
bool is_function_word(const std::string& term) {
  static constexpr std::string_view kWords[] = {
      "a",      "an",    "the",   "i",     "you",    "u",    "we",   "me",    "my",   "your",  "it",     "is",
      "are",    "am",    "be",    "do",    "does",   "did",  "can",  "could", "will", "would", "should", "to",
      "of",     "in",    "on",    "for",   "and",    "or",   "if",   "how",   "what", "when",  "where",  "why",
      "which",  "there", "this",  "that",  "with",   "at",   "by",   "from",  "any",  "have",  "has",    "get",
      "please", "pls",   "hi",    "hello", "thanks", "much", "many", "some",  "so",   "but",   "not",    "no",
      "yes",    "just",  "about", "up",    "out",    "as",   "was",  "were"};
  std::string_view word(term);
  if (!word.empty() && word.front() == 'Z') word.remove_prefix(1);
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

}  // namespace

// One assistant's knowledge as an in-memory Xapian database. Xapian objects are not
// thread-safe, so searches on one index take its lock; indexes of other assistants do not wait.
class BuiltinResponder::Index {
 public:
  Index(const std::vector<core::KnowledgeEntry>& entries, const TextNormalizer& normalizer, const Lexicon& lexicon)
      : database_(std::string(), Xapian::DB_BACKEND_INMEMORY), stemmer_("english"), lexicon_(lexicon) {
    generator_.set_stemmer(stemmer_);
    generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    for (const auto& entry : entries) {
      const auto question = normalizer.normalize(entry.question);
      const auto answer = normalizer.normalize(entry.answer);
      Xapian::Document document;
      generator_.set_document(document);
      generator_.index_text(question, kQuestionWeight);
      generator_.increase_termpos();
      generator_.index_text(answer, 1);
      for (const auto& name : lexicon_.concepts_in(question)) document.add_term(kConceptPrefix + name, kQuestionWeight);
      for (const auto& name : lexicon_.concepts_in(answer)) document.add_term(kConceptPrefix + name, 1);
      document.set_data(entry.id);
      database_.add_document(document);
      answers_.emplace(entry.id, entry.answer);
    }
  }

  // Ranked by BM25 over words, n-grams and concepts; each match's score is its coverage: the
  // share of the query's information (IDF-weighted terms) that the entry contains. A query
  // about something the knowledge never mentions keeps a low coverage however it ranks.
  std::vector<Match> search(const std::string& normalized, int limit) {
    std::lock_guard lock(mutex_);
    std::vector<Match> matches;
    if (database_.get_doccount() == 0) return matches;
    const auto terms = query_terms(normalized);
    if (terms.empty()) return matches;
    Xapian::Enquire enquire(database_);
    enquire.set_query(query_for(terms));
    const Xapian::MSet results = enquire.get_mset(0, static_cast<Xapian::doccount>(std::max(limit, kCandidates)));
    double total = 0;
    for (const auto& term : terms) total += information(term);
    for (auto it = results.begin(); it != results.end(); ++it) {
      double covered = 0;
      int concepts = 0;
      for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it); ++t) {
        covered += information(*t);
        if ((*t).rfind(kConceptPrefix, 0) == 0) ++concepts;
      }
      matches.push_back(Match{it.get_document().get_data(), total > 0 ? covered / total : 0, concepts});
    }
    if (static_cast<int>(matches.size()) > limit) matches.resize(static_cast<std::size_t>(limit));
    return matches;
  }

  const std::string& answer(const core::Id& id) const { return answers_.at(id); }

 private:
  // The terms the indexer would make of the text (CJK unigrams and bigrams, English words and
  // stems) without function words, plus the concepts it mentions.
  std::vector<std::string> query_terms(const std::string& normalized) const {
    Xapian::Document scratch;
    generator_.set_document(scratch);
    generator_.index_text(normalized);
    std::vector<std::string> terms;
    for (auto term = scratch.termlist_begin(); term != scratch.termlist_end(); ++term) {
      if (!is_function_word(*term)) terms.push_back(*term);
    }
    for (const auto& name : lexicon_.concepts_in(normalized)) terms.push_back(kConceptPrefix + name);
    return terms;
  }

  // Customers write in fragments, so the query is an OR of its terms (Xapian's query parser
  // would AND them); concepts weigh more.
  Xapian::Query query_for(const std::vector<std::string>& terms) const {
    std::vector<Xapian::Query> parts;
    for (const auto& term : terms) {
      if (term.rfind(kConceptPrefix, 0) == 0) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), kConceptBoost);
      } else {
        parts.emplace_back(term);
      }
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

  // Inverse document frequency; a term no entry has counts as rare as the rarest.
  double information(const std::string& term) const {
    const double documents = database_.get_doccount();
    const double frequency = std::max<double>(1, database_.get_termfreq(term));
    const double weight = std::log((documents + 1) / frequency);
    return term.rfind(kConceptPrefix, 0) == 0 ? weight * kConceptBoost : weight;
  }

  std::mutex mutex_;
  Xapian::WritableDatabase database_;
  Xapian::Stem stemmer_;
  const Lexicon& lexicon_;
  mutable Xapian::TermGenerator generator_;
  std::unordered_map<core::Id, std::string> answers_;
};

BuiltinResponder::BuiltinResponder(double min_score) : min_score_(min_score), lexicon_(support_lexicon_text()) {}

BuiltinResponder::~BuiltinResponder() = default;

void BuiltinResponder::load_knowledge(const core::Id& assistant_id, const std::vector<core::KnowledgeEntry>& entries) {
  // Built outside the lock; searches keep using the old index until the swap.
  auto index = std::make_shared<Index>(entries, normalizer_, lexicon_);
  std::lock_guard lock(mutex_);
  indexes_[assistant_id] = std::move(index);
}

std::shared_ptr<BuiltinResponder::Index> BuiltinResponder::index_for(const core::Id& assistant_id) {
  std::lock_guard lock(mutex_);
  auto found = indexes_.find(assistant_id);
  return found == indexes_.end() ? nullptr : found->second;
}

std::vector<Match> BuiltinResponder::rank(const core::Id& assistant_id, std::string_view text, int limit) {
  auto index = index_for(assistant_id);
  if (!index) return {};
  return index->search(normalizer_.normalize(text), limit);
}

Reply BuiltinResponder::respond(const Question& question) {
  auto index = index_for(question.assistant.id);
  if (index) {
    auto matches = index->search(normalizer_.normalize(question.text), 1);
    if (!matches.empty() && matches.front().score >= min_score_) {
      const auto& best = matches.front();
      return Reply{ReplyKind::answer, index->answer(best.knowledge_id), best.knowledge_id, best.score};
    }
  }
  return Reply{ReplyKind::fallback, fallback_text(question.assistant), std::nullopt, 0};
}

std::string fallback_text(const core::Assistant& assistant) {
  std::string text = "抱歉，我不確定這個問題的答案。\nSorry, I am not sure about the answer to that.";
  if (assistant.live_agent_enabled) {
    text += "\n如需協助，請按「轉接真人」與客服人員對話。\nTo talk to a person, press \"Talk to a human\".";
  }
  return text;
}

}  // namespace baton::ai::builtin
