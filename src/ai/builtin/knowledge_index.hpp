// One assistant's knowledge as an in-memory Xapian database, and what a search of it finds:
// the best entries, how much of the customer's text each covers, and what the text said that
// no entry knows (the signals the reject rule weighs).
#pragma once

#include <xapian.h>

#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ai/builtin/lexicon.hpp"
#include "ai/builtin/wordnet.hpp"
#include "core/types.hpp"

namespace baton::ai::builtin {

// A word of the customer's that the knowledge does not use, read as one it does.
struct Substitution {
  std::string word;  // as the customer wrote it
  std::string as;    // the knowledge's word
};

// The search's weights. Baton runs with the values chosen by cross-validation on labelled
// questions (kFittedModel in fitted_model.hpp); these defaults are only where the search starts.
struct RetrievalTuning {
  double concept_boost = 20;        // how much a support concept outweighs a word
  unsigned question_weight = 3;     // how much an entry's question outweighs its answer
  double synonym_credit = 0.7;      // what a WordNet synonym counts for, against the customer's own word
  double correction_credit = 0.85;  // what a repaired typing slip counts for
  int synonym_senses = 2;           // WordNet senses used, most frequent first
};

struct Candidate {
  core::Id knowledge_id;
  double coverage = 0;           // 0..1: the share of the text's information the entry holds
  double question_coverage = 0;  // the same, held by the entry's question alone (its subject)
  double word_coverage = 0;      // the share held of the words and characters alone (no concepts)
  double missing_detail = 0;     // 0..1: the rarest word or CJK pair of the text the entry lacks
  double weight = 0;             // Xapian's BM25 weight (the rank)
  int shared_concepts = 0;       // support concepts (shipping, refund, ...) the text and entry share
};

struct Retrieval {
  std::vector<Candidate> candidates;  // best first
  double unknown_share = 0;           // 0..1: the share of the text's information no entry has
  int content_units = 0;              // words and CJK characters that carry meaning
  int concepts = 0;                   // support concepts the text mentions
  std::vector<std::string> unknown_words;
  std::vector<Substitution> synonyms;     // from WordNet
  std::vector<Substitution> corrections;  // typing slips, by edit distance
};

// A WordNet synonym's stem -> the support lexicon's one-word form it shares a meaning with, so
// "purchase" names the concept "buy" does. The same for every assistant: built once.
using ConceptSynonyms = std::unordered_map<std::string, std::string>;
ConceptSynonyms concept_synonyms_of(const Lexicon& lexicon, const WordNet& wordnet, int senses);

class KnowledgeIndex {
 public:
  static constexpr int kCandidates = 5;  // a search looks at least this far
  // `wordnet` may be null (no synonyms); it must outlive the index.
  KnowledgeIndex(const std::vector<core::KnowledgeEntry>& entries, const Lexicon& lexicon, const WordNet* wordnet,
                 const std::function<std::string(std::string_view)>& normalize, const RetrievalTuning& tuning,
                 const ConceptSynonyms& concept_synonyms);

  // `normalized`: the customer's text through the same normaliser.
  Retrieval search(const std::string& normalized, int limit);

  const std::string& answer(const core::Id& id) const { return answers_.at(id); }

 private:
  struct Unit;
  std::vector<Unit> units_of(const std::string& normalized) const;
  std::vector<Unit> concept_units_of(const std::string& repaired) const;
  void add_alternatives(Unit& unit, Retrieval& retrieval, std::size_t& repairs_tried) const;
  bool worth_showing(const Unit& unit) const;
  bool is_english_word(const std::string& word) const;
  double information(const std::string& term) const;
  bool known(const std::string& term) const;

  RetrievalTuning tuning_;
  const WordNet* wordnet_;
  const ConceptSynonyms& concept_synonyms_;  // owned by the responder, like the lexicon
  std::mutex mutex_;                         // Xapian objects are not thread-safe
  Xapian::WritableDatabase database_;
  Xapian::Stem stemmer_;
  const Lexicon& lexicon_;
  mutable Xapian::TermGenerator generator_;
  std::unordered_map<core::Id, std::string> answers_;
  std::unordered_map<core::Id, std::unordered_set<std::string>> question_terms_;
  std::vector<std::string> vocabulary_;  // the English words the knowledge uses, for typo repair
  // A WordNet synonym's stem -> the knowledge's words that share a meaning with it.
  std::unordered_map<std::string, std::vector<std::string>> synonym_stems_;
};

}  // namespace baton::ai::builtin
