#include "ai/builtin/knowledge_index.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/text.hpp"

namespace baton::ai::builtin {
namespace {

constexpr const char* kConceptPrefix = "XC";
constexpr const char* kStemPrefix = "Z";
constexpr std::size_t kMaxUnknownWordsShown = 8;
// Repairing a slip compares the word with the whole vocabulary; a long text of made-up words
// must not make one search slow, so only its first few unknown words are tried.
constexpr std::size_t kMaxRepairsTried = 8;
constexpr std::size_t kLongestRepairedWord = 24;

// Words that say nothing about the subject; unknown to the index, they would read as "the
// customer asked about something we do not know".
bool is_function_word(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "a",      "an",    "the",   "i",     "you",    "u",    "we",   "me",    "my",   "your",  "it",     "is",
      "are",    "am",    "be",    "do",    "does",   "did",  "can",  "could", "will", "would", "should", "to",
      "of",     "in",    "on",    "for",   "and",    "or",   "if",   "how",   "what", "when",  "where",  "why",
      "which",  "there", "this",  "that",  "with",   "at",   "by",   "from",  "any",  "have",  "has",    "get",
      "please", "pls",   "hi",    "hello", "thanks", "much", "many", "some",  "so",   "but",   "not",    "no",
      "yes",    "just",  "about", "up",    "out",    "as",   "was",  "were",  "who"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

bool is_alphabetic(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) { return c >= 'a' && c <= 'z'; });
}

// The bytes of the UTF-8 character that starts at `at` (0 for a byte that cannot start one).
std::size_t utf8_length_at(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  const std::size_t length = lead < 0x80           ? 1
                             : (lead >> 5) == 0x6  ? 2
                             : (lead >> 4) == 0xE  ? 3
                             : (lead >> 3) == 0x1E ? 4
                                                   : 0;
  return at + length <= text.size() ? length : 0;
}

// How many slips a word of this length may hold and still be read as a known word: none in
// short words (too many neighbours), one from five letters, two from nine.
std::size_t slips_allowed(std::size_t length) { return length >= 9 ? 2 : length >= 5 ? 1 : 0; }

// The text with each repaired word replaced by the knowledge's word (whole words only).
std::string with_corrections(std::string text, const std::vector<Substitution>& corrections) {
  const auto is_letter = [&](std::size_t at) { return std::isalpha(static_cast<unsigned char>(text[at])) != 0; };
  for (const auto& [word, as] : corrections) {
    std::size_t at = text.find(word);
    while (at != std::string::npos) {
      const auto end = at + word.size();
      const bool whole = (at == 0 || !is_letter(at - 1)) && (end == text.size() || !is_letter(end));
      if (whole) text.replace(at, word.size(), as);
      at = text.find(word, at + (whole ? as.size() : 1));
    }
  }
  return text;
}

}  // namespace

// What a search counts as one piece of the customer's text: an English word (matched as
// itself or its stem), a CJK character or pair, or a support concept.
struct KnowledgeIndex::Unit {
  std::string shown;               // the word as written (for the explanation)
  std::vector<std::string> terms;  // an entry holding any of these has the unit
  double information = 0;
  bool english_word = false;
  bool concept_unit = false;
  bool detail = false;
  bool known = false;  // some entry holds one of its terms  // says what exactly is asked: an English word, a pair of
                       // CJK characters
  std::vector<std::pair<std::string, double>> alternatives;  // other terms, and how much they count
};

KnowledgeIndex::KnowledgeIndex(const std::vector<core::KnowledgeEntry>& entries, const Lexicon& lexicon,
                               const WordNet* wordnet, const std::function<std::string(std::string_view)>& normalize,
                               const RetrievalTuning& tuning, const ConceptSynonyms& concept_synonyms)
    : tuning_(tuning),
      wordnet_(wordnet),
      concept_synonyms_(concept_synonyms),
      database_(std::string(), Xapian::DB_BACKEND_INMEMORY),
      stemmer_("english"),
      lexicon_(lexicon) {
  generator_.set_stemmer(stemmer_);
  generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  for (const auto& entry : entries) {
    const auto question = normalize(entry.question);
    const auto answer = normalize(entry.answer);
    Xapian::Document document;
    generator_.set_document(document);
    generator_.index_text(question, tuning_.question_weight);
    generator_.increase_termpos();
    generator_.index_text(answer, 1);
    for (const auto& name : lexicon_.concepts_in(question))
      document.add_term(kConceptPrefix + name, tuning_.question_weight);
    for (const auto& name : lexicon_.concepts_in(answer)) document.add_term(kConceptPrefix + name, 1);
    document.set_data(entry.id);
    auto& topic = question_terms_[entry.id];
    Xapian::Document scratch;
    generator_.set_document(scratch);
    generator_.index_text(question);
    for (auto term = scratch.termlist_begin(); term != scratch.termlist_end(); ++term) topic.insert(*term);
    for (const auto& name : lexicon_.concepts_in(question)) topic.insert(kConceptPrefix + name);
    database_.add_document(document);
    answers_.emplace(entry.id, entry.answer);
  }
  for (auto term = database_.allterms_begin(); term != database_.allterms_end(); ++term) {
    const std::string word = *term;
    if (!is_alphabetic(word) || is_function_word(word)) continue;
    vocabulary_.push_back(word);
    if (!wordnet) continue;
    const std::string stem = stemmer_(word);
    for (const auto& synonym : wordnet->synonyms(word, tuning_.synonym_senses)) {
      const std::string synonym_stem = stemmer_(synonym);
      if (synonym_stem == stem) continue;
      auto& targets = synonym_stems_[synonym_stem];
      if (std::find(targets.begin(), targets.end(), word) == targets.end()) targets.push_back(word);
    }
  }
}

std::vector<KnowledgeIndex::Unit> KnowledgeIndex::units_of(const std::string& normalized) const {
  Xapian::Document scratch;
  generator_.set_document(scratch);
  generator_.index_text(normalized);
  std::vector<Unit> units;
  for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
    const std::string term = *it;
    if (term.rfind(kStemPrefix, 0) == 0) continue;  // stems come with their words below
    if (is_function_word(term)) continue;
    Unit unit;
    unit.shown = term;
    if (core::is_ascii(term)) {
      const std::string stem = kStemPrefix + stemmer_(term);
      unit.terms = {term, stem};
      unit.information = information(stem);
      unit.english_word = is_alphabetic(term);
      unit.detail = unit.english_word;
    } else {
      unit.terms = {term};
      unit.information = information(term);
      unit.detail = utf8_length_at(term, 0) < term.size();  // a pair: single CJK characters say little alone
    }
    unit.known = std::any_of(unit.terms.begin(), unit.terms.end(), [&](const auto& t) { return known(t); });
    units.push_back(std::move(unit));
  }
  return units;
}

// The support concepts a text names; `repaired`: the text with its typing slips put right,
// so "shiping fee" names the shipping fee too.
std::vector<KnowledgeIndex::Unit> KnowledgeIndex::concept_units_of(const std::string& repaired) const {
  std::vector<Unit> units;
  for (const auto& name : lexicon_.concepts_in(repaired)) {
    Unit unit;
    unit.shown = name;
    unit.terms = {kConceptPrefix + name};
    unit.information = information(unit.terms.front());
    unit.concept_unit = true;
    unit.known = std::any_of(unit.terms.begin(), unit.terms.end(), [&](const auto& t) { return known(t); });
    units.push_back(std::move(unit));
  }
  return units;
}

// An English word no entry uses may still mean one an entry does: a WordNet synonym of it
// ("parcel" for "package"), or, failing that, a known word it is a slip of ("shiping").
void KnowledgeIndex::add_alternatives(Unit& unit, Retrieval& retrieval, std::size_t& repairs_tried) const {
  if (auto found = synonym_stems_.find(stemmer_(unit.shown)); found != synonym_stems_.end()) {
    for (const auto& word : found->second) {
      unit.alternatives.emplace_back(kStemPrefix + stemmer_(word), tuning_.synonym_credit);
      retrieval.synonyms.push_back({unit.shown, word});
    }
    return;
  }
  const std::size_t allowed = slips_allowed(unit.shown.size());
  if (allowed == 0 || unit.shown.size() > kLongestRepairedWord || repairs_tried >= kMaxRepairsTried) return;
  if (is_english_word(unit.shown)) return;  // a real word is not a slip of another ("shirt" is not "short")
  ++repairs_tried;
  const std::string* closest = nullptr;
  std::size_t best = allowed + 1;
  for (const auto& word : vocabulary_) {
    const auto length_gap =
        word.size() > unit.shown.size() ? word.size() - unit.shown.size() : unit.shown.size() - word.size();
    if (length_gap > allowed) continue;
    const auto distance = core::edit_distance(unit.shown, word);
    if (distance < best) {
      best = distance;
      closest = &word;
    }
  }
  if (!closest) return;
  unit.alternatives.emplace_back(kStemPrefix + stemmer_(*closest), tuning_.correction_credit);
  retrieval.corrections.push_back({unit.shown, *closest});
}

// Whether WordNet lists the word, as itself or as an inflection of a base form with the same
// stem ("purchased" is "purchase"; "shiping" is not "ship", though WordNet's suffix rules say so).
bool KnowledgeIndex::is_english_word(const std::string& word) const {
  if (!wordnet_) return false;
  const auto stem = stemmer_(word);
  for (const auto& lemma : wordnet_->lemmas(word)) {
    if (lemma == word || stemmer_(lemma) == stem) return true;
  }
  return false;
}

// An unknown word is worth teaching; an unknown CJK pair only when a character of it is unknown
// too (else it is two known words side by side: 亞嗎 in 馬來西亞嗎).
bool KnowledgeIndex::worth_showing(const Unit& unit) const {
  if (unit.english_word) return true;
  if (!unit.detail) return false;
  const auto first = utf8_length_at(unit.shown, 0);
  if (first == 0 || first >= unit.shown.size()) return false;
  return !known(unit.shown.substr(0, first)) || !known(unit.shown.substr(first));
}

Retrieval KnowledgeIndex::search(const std::string& normalized, int limit) {
  std::lock_guard lock(mutex_);
  Retrieval retrieval;
  if (database_.get_doccount() == 0) return retrieval;
  auto units = units_of(normalized);
  std::size_t repairs_tried = 0;
  for (auto& unit : units) {
    if (!unit.known && unit.english_word) add_alternatives(unit, retrieval, repairs_tried);
  }
  // Concepts are read from the text with its slips repaired; its words' lexicon synonyms add
  // the concepts they name, but only those some entry has, and at the synonym's credit: a guess
  // at what the customer meant must not count as something they asked that nobody knows.
  const auto repaired = with_corrections(normalized, retrieval.corrections);
  auto concepts = concept_units_of(repaired);
  const auto named = [&](const std::string& term) {
    return std::any_of(concepts.begin(), concepts.end(), [&](const Unit& c) { return c.terms.front() == term; });
  };
  for (const auto& unit : units) {
    if (!unit.english_word) continue;
    const auto found = concept_synonyms_.find(stemmer_(unit.shown));
    if (found == concept_synonyms_.end()) continue;
    for (auto& concept_unit : concept_units_of(found->second)) {  // the form alone: it joins no other word
      const auto& term = concept_unit.terms.front();
      if (named(term) || !known(term)) continue;
      concept_unit.information *= tuning_.synonym_credit;
      concepts.push_back(std::move(concept_unit));
      retrieval.synonyms.push_back({unit.shown, found->second});
    }
  }
  for (auto& unit : concepts) units.push_back(std::move(unit));
  if (units.empty()) return retrieval;

  double total = 0, unknown = 0;
  std::vector<Xapian::Query> parts;
  for (auto& unit : units) {
    total += unit.information;
    if (!unit.known && unit.alternatives.empty()) {
      unknown += unit.information;
      if (worth_showing(unit) && retrieval.unknown_words.size() < kMaxUnknownWordsShown) {
        retrieval.unknown_words.push_back(unit.shown);
      }
    }
    if (unit.concept_unit) {
      ++retrieval.concepts;
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(unit.terms.front()), tuning_.concept_boost);
      continue;
    }
    ++retrieval.content_units;
    for (const auto& term : unit.terms) parts.emplace_back(term);
    for (const auto& [term, credit] : unit.alternatives) {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), credit);
    }
  }
  retrieval.unknown_share = total > 0 ? unknown / total : 0;

  const double most_information = std::log(database_.get_doccount() + 1.0);
  Xapian::Enquire enquire(database_);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
  const Xapian::MSet results = enquire.get_mset(0, static_cast<Xapian::doccount>(std::max(limit, kCandidates)));
  for (auto it = results.begin(); it != results.end(); ++it) {
    const std::unordered_set<std::string> matching(enquire.get_matching_terms_begin(it),
                                                   enquire.get_matching_terms_end(it));
    const auto holds = [&](const std::string& term) { return matching.contains(term); };
    const auto id = it.get_document().get_data();
    const auto& topic = question_terms_.at(id);
    const auto in_question = [&](const std::string& term) { return topic.contains(term); };
    double covered = 0, covered_by_question = 0, words = 0, covered_words = 0, missing_detail = 0;
    int concepts = 0;
    for (const auto& unit : units) {
      double credit = std::any_of(unit.terms.begin(), unit.terms.end(), holds) ? 1.0 : 0.0;
      double question_credit = std::any_of(unit.terms.begin(), unit.terms.end(), in_question) ? 1.0 : 0.0;
      for (const auto& [term, alternative_credit] : unit.alternatives) {
        if (holds(term)) credit = std::max(credit, alternative_credit);
        if (in_question(term)) question_credit = std::max(question_credit, alternative_credit);
      }
      covered += credit * unit.information;
      covered_by_question += question_credit * unit.information;
      if (unit.concept_unit) {
        if (credit > 0) ++concepts;
      } else {
        words += unit.information;
        covered_words += credit * unit.information;
        if (credit == 0 && unit.detail) missing_detail = std::max(missing_detail, unit.information);
      }
    }
    retrieval.candidates.push_back(
        Candidate{id, total > 0 ? covered / total : 0, total > 0 ? covered_by_question / total : 0,
                  words > 0 ? covered_words / words : 0, missing_detail / most_information, it.get_weight(), concepts});
  }
  // Each substitution listed once, and no more of them than the playground shows words.
  std::vector<Substitution> synonyms;
  for (auto& synonym : retrieval.synonyms) {
    const bool listed = std::any_of(synonyms.begin(), synonyms.end(),
                                    [&](const auto& s) { return s.word == synonym.word && s.as == synonym.as; });
    if (!listed && synonyms.size() < kMaxUnknownWordsShown) synonyms.push_back(std::move(synonym));
  }
  retrieval.synonyms = std::move(synonyms);
  if (static_cast<int>(retrieval.candidates.size()) > limit)
    retrieval.candidates.resize(static_cast<std::size_t>(std::max(limit, 0)));
  return retrieval;
}

bool KnowledgeIndex::known(const std::string& term) const { return database_.get_termfreq(term) > 0; }

// Inverse document frequency; a term no entry has counts as rare as the rarest.
double KnowledgeIndex::information(const std::string& term) const {
  const double documents = database_.get_doccount();
  const double frequency = std::max<double>(1, database_.get_termfreq(term));
  const double weight = std::log((documents + 1) / frequency);
  return term.rfind(kConceptPrefix, 0) == 0 ? weight * tuning_.concept_boost : weight;
}

ConceptSynonyms concept_synonyms_of(const Lexicon& lexicon, const WordNet& wordnet, int senses) {
  Xapian::Stem stemmer("english");
  std::unordered_set<std::string> form_stems;
  for (const auto& form : lexicon.english_words()) form_stems.insert(stemmer(form));
  ConceptSynonyms synonyms;
  for (const auto& form : lexicon.english_words()) {
    for (const auto& synonym : wordnet.synonyms(form, senses)) {
      const auto stem = stemmer(synonym);
      if (!form_stems.contains(stem)) synonyms.emplace(stem, form);
    }
  }
  return synonyms;
}

}  // namespace baton::ai::builtin
