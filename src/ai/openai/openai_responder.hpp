// Answers through any OpenAI-compatible chat-completions endpoint (OpenAI, llama.cpp, vLLM)
// for assistants that have one: the built-in search picks the knowledge entries the model is
// grounded on, the answer streams as it is written, and a transfer_to_human tool lets the model
// hand the customer over. When the endpoint fails or stalls, the built-in responder answers,
// so a customer always gets a reply. Assistants without an endpoint use the built-in one.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ai/builtin/builtin_responder.hpp"
#include "ai/responder.hpp"
#include "net/http_client.hpp"

namespace baton::ai::openai {

struct LlmOptions {
  net::HttpTimeouts timeouts;
  int attempts = 2;  // before any text arrived: a refused connection, 429 or 5xx is tried again
  std::chrono::milliseconds retry_delay{400};
  int grounding_entries = 4;
  int history_messages = 12;
};

// Told of each call to an endpoint (/metrics); set before serving. A failed call's kind: no
// answer in time (or none at all), an HTTP error status, or an answer that could not be read.
enum class LlmFailure { timeout, http, parse };
struct LlmCallObserver {
  std::function<void(std::chrono::duration<double> took)> call;
  std::function<void(LlmFailure kind)> failure;
};

// Reads an environment variable (main passes getenv; tests their own).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

class OpenAiResponder final : public Responder {
 public:
  OpenAiResponder(builtin::BuiltinResponder& builtin, LlmOptions options, EnvLookup env);

  void load_knowledge(const core::Id& assistant_id, const std::vector<core::KnowledgeEntry>& entries) override;
  // Throws Stopped once stop() was called and an LLM would have answered.
  Reply respond(const Question& question) override;
  std::vector<Match> rank(const core::Id& assistant_id, std::string_view text, int limit) override;
  // At shutdown: the answers being streamed end at once, and no model is asked again.
  void stop() { calls_.cancel(); }
  void observe_calls(LlmCallObserver observer) { observer_ = std::move(observer); }

 private:
  std::optional<Reply> ask_model(const Question& question, const std::vector<core::KnowledgeEntry>& grounding,
                                 std::optional<core::Id> grounded_on);
  std::vector<core::KnowledgeEntry> entries_for(const core::Id& assistant_id, const std::vector<Match>& matches);

  builtin::BuiltinResponder& builtin_;
  LlmOptions options_;
  EnvLookup env_;
  net::Cancellation calls_;
  LlmCallObserver observer_;
  std::mutex mutex_;
  std::unordered_map<core::Id, std::unordered_map<core::Id, core::KnowledgeEntry>> knowledge_;
};

// The body of a streamed chat-completions request (public for the tests).
std::string chat_request_body(const Question& question, const std::vector<core::KnowledgeEntry>& grounding,
                              int history_messages);

}  // namespace baton::ai::openai
