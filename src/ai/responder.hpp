// What answers customers when no person does: given an assistant and the customer's words,
// an answer grounded on a knowledge entry, or a fallback that says it does not know.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace baton::ai {

// answer: grounded on knowledge; fallback: "I do not know"; handoff: the AI decided a person
// should take over (an LLM's transfer_to_human tool call).
enum class ReplyKind { answer, fallback, handoff };

// Why the built-in AI answered or fell back: the signals its reject rule weighed, the
// confidence they gave and the threshold it needed, and what in the text it did not know.
struct Explanation {
  struct Signal {
    std::string name;
    double value = 0;
    double weight = 0;  // the rule's weight: value * weight is the signal's pull toward answering
  };
  struct Substitution {
    std::string word;  // the customer's
    std::string as;    // the knowledge's
  };
  double confidence = 0;  // 0..1
  double threshold = 0;   // answers at or above
  std::vector<Signal> signals;
  std::vector<std::string> unknown_words;  // words no entry uses: what to teach
  std::vector<Substitution> synonyms;      // read as a WordNet synonym
  std::vector<Substitution> corrections;   // read as a typing slip of a known word
};

struct Reply {
  ReplyKind kind = ReplyKind::fallback;
  std::string text;
  std::optional<core::Id> knowledge_id;    // the entry the answer is grounded on
  double score = 0;                        // the retrieval's confidence, 0..1
  bool by_llm = false;                     // an LLM gave it (not the built-in responder)
  std::optional<Explanation> explanation;  // the built-in AI's reasons (the playground shows them)
};

// One ranked knowledge entry for a text.
struct Match {
  core::Id knowledge_id;
  double score = 0;         // 0..1: how much of what the customer said the entry covers
  int shared_concepts = 0;  // concepts (shipping, refund, ...) the text and the entry share
};

struct Question {
  const core::Assistant& assistant;
  std::string_view text;
  const std::vector<core::Message>& history;  // recent messages, oldest first
  // A streaming responder calls this as its answer grows, with the new text only and the number
  // of characters (code points) before it; at most every 100 ms, never past the message limit
  // (may stay unused).
  std::function<void(std::string_view added, std::size_t offset)> on_partial = {};
};

// What respond() throws once the responder is stopped (the server is shutting down): an answer
// cut off, so there is nothing to send.
struct Stopped : std::runtime_error {
  Stopped() : std::runtime_error("the server is stopping") {}
};

class Responder {
 public:
  virtual ~Responder() = default;
  // Replaces what the responder knows of an assistant (called at start and on every change).
  virtual void load_knowledge(const core::Id& assistant_id, const std::vector<core::KnowledgeEntry>& entries) = 0;
  // Thread-safe; may take a while (call it off the network threads).
  virtual Reply respond(const Question& question) = 0;
  // The best entries for a text, best first (the test playground shows them).
  virtual std::vector<Match> rank(const core::Id& assistant_id, std::string_view text, int limit) = 0;
};

}  // namespace baton::ai
