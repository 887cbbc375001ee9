// What answers customers when no person does: given an assistant and the customer's words,
// an answer grounded on a knowledge entry, or a fallback that says it does not know.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace baton::ai {

enum class ReplyKind { answer, fallback };

struct Reply {
  ReplyKind kind = ReplyKind::fallback;
  std::string text;
  std::optional<core::Id> knowledge_id;  // the entry the answer is grounded on
  double score = 0;                      // the retrieval's confidence, 0..1
};

struct Question {
  const core::Assistant& assistant;
  std::string_view text;
  const std::vector<core::Message>& history;  // recent messages, oldest first
};

class Responder {
 public:
  virtual ~Responder() = default;
  // Replaces what the responder knows of an assistant (called at start and on every change).
  virtual void load_knowledge(const core::Id& assistant_id, const std::vector<core::KnowledgeEntry>& entries) = 0;
  // Thread-safe; may take a while (call it off the network threads).
  virtual Reply respond(const Question& question) = 0;
};

}  // namespace baton::ai
