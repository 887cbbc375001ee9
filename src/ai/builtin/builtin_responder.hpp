// The built-in responder: Xapian full-text search over each assistant's knowledge (CJK n-grams,
// English stemming), answering with the best entry when the match is confident enough.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>

#include "ai/builtin/lexicon.hpp"
#include "ai/builtin/text_normalizer.hpp"
#include "ai/responder.hpp"

namespace baton::ai::builtin {

class BuiltinResponder final : public Responder {
 public:
  // Answers only at or above this score; below it, the fallback.
  // Below it, an entry shares too little of what the customer said (measured on the eval set:
  // correct answers score from 0.26 up, out-of-scope questions mostly under 0.23).
  static constexpr double kDefaultMinScore = 0.25;

  explicit BuiltinResponder(double min_score = kDefaultMinScore);
  ~BuiltinResponder() override;

  void load_knowledge(const core::Id& assistant_id, const std::vector<core::KnowledgeEntry>& entries) override;
  Reply respond(const Question& question) override;

  std::vector<Match> rank(const core::Id& assistant_id, std::string_view text, int limit) override;

 private:
  class Index;
  std::shared_ptr<Index> index_for(const core::Id& assistant_id);

  double min_score_;
  TextNormalizer normalizer_;
  Lexicon lexicon_;
  std::mutex mutex_;
  std::unordered_map<core::Id, std::shared_ptr<Index>> indexes_;
};

// The words of the fallback, which offer a live agent only when the assistant has them.
std::string fallback_text(const core::Assistant& assistant);

}  // namespace baton::ai::builtin
