#include "ai/builtin/builtin_responder.hpp"

#include <xapian.h>

namespace baton::ai::builtin {

// One assistant's knowledge as an in-memory Xapian database. Xapian objects are not
// thread-safe, so searches on one index take its lock; indexes of other assistants do not wait.
class BuiltinResponder::Index {
 public:
  Index(const std::vector<core::KnowledgeEntry>& entries, const TextNormalizer& normalizer)
      : database_(std::string(), Xapian::DB_BACKEND_INMEMORY), stemmer_("english") {
    generator_.set_stemmer(stemmer_);
    generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    for (const auto& entry : entries) {
      Xapian::Document document;
      generator_.set_document(document);
      // The question says what the entry is about; it weighs more than the answer's words.
      generator_.index_text(normalizer.normalize(entry.question), 3);
      generator_.increase_termpos();
      generator_.index_text(normalizer.normalize(entry.answer), 1);
      document.set_data(entry.id);
      database_.add_document(document);
      answers_.emplace(entry.id, entry.answer);
    }
  }

  std::vector<Match> search(const std::string& normalized, int limit) {
    std::lock_guard lock(mutex_);
    std::vector<Match> matches;
    if (database_.get_doccount() == 0) return matches;
    Xapian::Enquire enquire(database_);
    enquire.set_query(query_for(normalized));
    const Xapian::MSet results = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
    for (auto it = results.begin(); it != results.end(); ++it) {
      matches.push_back(Match{it.get_document().get_data(), it.get_percent() / 100.0});
    }
    return matches;
  }

  const std::string& answer(const core::Id& id) const { return answers_.at(id); }

 private:
  // Customers write in fragments, so the query is an OR of the terms the indexer would make of
  // the text (CJK unigrams and bigrams, English stems): Xapian's query parser would AND them.
  Xapian::Query query_for(const std::string& normalized) const {
    Xapian::Document scratch;
    generator_.set_document(scratch);
    generator_.index_text(normalized);
    std::vector<Xapian::Query> terms;
    for (auto term = scratch.termlist_begin(); term != scratch.termlist_end(); ++term) {
      terms.emplace_back(*term);
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  std::mutex mutex_;
  Xapian::WritableDatabase database_;
  Xapian::Stem stemmer_;
  mutable Xapian::TermGenerator generator_;
  std::unordered_map<core::Id, std::string> answers_;
};

BuiltinResponder::BuiltinResponder(double min_score) : min_score_(min_score) {}

BuiltinResponder::~BuiltinResponder() = default;

void BuiltinResponder::load_knowledge(const core::Id& assistant_id,
                                      const std::vector<core::KnowledgeEntry>& entries) {
  // Built outside the lock; searches keep using the old index until the swap.
  auto index = std::make_shared<Index>(entries, normalizer_);
  std::lock_guard lock(mutex_);
  indexes_[assistant_id] = std::move(index);
}

std::shared_ptr<BuiltinResponder::Index> BuiltinResponder::index_for(const core::Id& assistant_id) {
  std::lock_guard lock(mutex_);
  auto found = indexes_.find(assistant_id);
  return found == indexes_.end() ? nullptr : found->second;
}

std::vector<Match> BuiltinResponder::search(const core::Id& assistant_id, std::string_view text, int limit) {
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
  std::string text =
      "抱歉，我不確定這個問題的答案。\nSorry, I am not sure about the answer to that.";
  if (assistant.live_agent_enabled) {
    text +=
        "\n如需協助，請按「轉接真人」與客服人員對話。\nTo talk to a person, press \"Talk to a human\".";
  }
  return text;
}

}  // namespace baton::ai::builtin
