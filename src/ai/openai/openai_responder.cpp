#include "ai/openai/openai_responder.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "ai/openai/chat_stream.hpp"
#include "ai/openai/sse_parser.hpp"
#include "core/fields.hpp"
#include "core/text.hpp"

namespace baton::ai::openai {
namespace json = boost::json;

namespace {

constexpr std::string_view kTransferTool = "transfer_to_human";

std::string system_prompt(const core::Assistant& assistant, const std::vector<core::KnowledgeEntry>& grounding) {
  std::string prompt =
      "You are the customer-support assistant of \"" + assistant.name +
      "\". Answer the customer briefly and kindly, in the language they write in (Traditional Chinese for "
      "Chinese). Use only the knowledge below; if it does not answer the question, say you are not sure.";
  if (assistant.live_agent_enabled) {
    prompt += " If the customer asks for a person, or you cannot help after trying, call the " +
              std::string(kTransferTool) + " tool.";
  }
  prompt += "\n\nKnowledge:";
  if (grounding.empty()) prompt += "\n(none matches this question)";
  for (const auto& entry : grounding) prompt += "\n- Q: " + entry.question + "\n  A: " + entry.answer;
  return prompt;
}

json::object transfer_tool() {
  return {{"type", "function"},
          {"function",
           {{"name", kTransferTool},
            {"description",
             "Hand the conversation to a live human agent. Use when the customer asks for a person "
             "or the question needs one."},
            {"parameters",
             {{"type", "object"},
              {"properties", {{"reason", {{"type", "string"}, {"description", "Why a person should take over"}}}}},
              {"required", json::array{"reason"}}}}}}};
}

// Past this many bytes a stream is not read further, whatever it holds (tool-call arguments,
// comments): the answer itself stops at the message limit long before.
constexpr std::size_t kMaxStreamBytes = 4 << 20;
constexpr std::chrono::milliseconds kDraftEvery{100};

// The drafts a customer sees while the model writes: only the new text, with the number of
// characters before it, at most one every kDraftEvery (the first at once), and nothing past the
// message limit. The finished message replaces the draft, so what is still pending at the end
// is never sent.
class DraftFeed {
 public:
  explicit DraftFeed(const std::function<void(std::string_view, std::size_t)>& publish) : publish_(publish) {}

  void add(std::string_view text) {
    if (!publish_ || text.empty()) return;
    const std::size_t room = core::kMaxMessageChars - std::min(core::kMaxMessageChars, sent_ + pending_chars_);
    const auto piece = core::first_characters(text, room);
    if (piece.empty()) return;
    pending_ += piece;
    pending_chars_ += static_cast<std::size_t>(std::max(0L, core::utf8_length(piece)));
    const auto now = std::chrono::steady_clock::now();
    if (started_ && now - last_sent_ < kDraftEvery) return;
    publish_(pending_, sent_);
    started_ = true;
    last_sent_ = now;
    sent_ += pending_chars_;
    pending_.clear();
    pending_chars_ = 0;
  }

 private:
  const std::function<void(std::string_view, std::size_t)>& publish_;
  bool started_ = false;
  std::chrono::steady_clock::time_point last_sent_;
  std::size_t sent_ = 0;  // characters
  std::string pending_;
  std::size_t pending_chars_ = 0;
};

bool worth_retrying(const net::HttpOutcome& outcome) {
  if (outcome.streamed_any) return false;  // the customer saw text: no second, different answer
  return outcome.status == 0 || outcome.status == 429 || outcome.status >= 500;
}

}  // namespace

std::string chat_request_body(const Question& question, const std::vector<core::KnowledgeEntry>& grounding,
                              int history_messages) {
  json::array messages;
  messages.push_back({{"role", "system"}, {"content", system_prompt(question.assistant, grounding)}});
  const auto& history = question.history;
  const std::size_t first = history.size() > static_cast<std::size_t>(history_messages)
                                ? history.size() - static_cast<std::size_t>(history_messages)
                                : 0;
  for (std::size_t i = first; i < history.size(); ++i) {
    const auto& m = history[i];
    if (m.sender == core::Sender::system || m.text.empty()) continue;
    messages.push_back({{"role", m.sender == core::Sender::customer ? "user" : "assistant"}, {"content", m.text}});
  }
  messages.push_back({{"role", "user"}, {"content", question.text}});
  json::object body{{"model", question.assistant.llm.model},
                    {"messages", std::move(messages)},
                    {"stream", true},
                    {"temperature", 0.2},
                    {"max_completion_tokens", 800}};
  if (question.assistant.live_agent_enabled) {
    body["tools"] = json::array{transfer_tool()};
    body["tool_choice"] = "auto";
  }
  return json::serialize(body);
}

OpenAiResponder::OpenAiResponder(builtin::BuiltinResponder& builtin, LlmOptions options, EnvLookup env)
    : builtin_(builtin), options_(options), env_(std::move(env)) {}

void OpenAiResponder::load_knowledge(const core::Id& assistant_id, const std::vector<core::KnowledgeEntry>& entries) {
  builtin_.load_knowledge(assistant_id, entries);
  std::unordered_map<core::Id, core::KnowledgeEntry> by_id;
  for (const auto& entry : entries) by_id.emplace(entry.id, entry);
  std::lock_guard lock(mutex_);
  knowledge_[assistant_id] = std::move(by_id);
}

std::vector<Match> OpenAiResponder::rank(const core::Id& assistant_id, std::string_view text, int limit) {
  return builtin_.rank(assistant_id, text, limit);
}

std::vector<core::KnowledgeEntry> OpenAiResponder::entries_for(const core::Id& assistant_id,
                                                               const std::vector<Match>& matches) {
  std::lock_guard lock(mutex_);
  std::vector<core::KnowledgeEntry> entries;
  auto known = knowledge_.find(assistant_id);
  if (known == knowledge_.end()) return entries;
  for (const auto& match : matches) {
    if (auto it = known->second.find(match.knowledge_id); it != known->second.end()) entries.push_back(it->second);
  }
  return entries;
}

Reply OpenAiResponder::respond(const Question& question) {
  const auto& assistant = question.assistant;
  if (!assistant.llm.enabled()) return builtin_.respond(question);
  if (calls_.cancelled()) throw Stopped();
  // One search: its best entries ground the model, and the entry the built-in AI itself would
  // answer with (by its reject rule) is the one the answer is filed under.
  const auto judgement = builtin_.judge(assistant.id, question.text, options_.grounding_entries);
  std::optional<core::Id> grounded_on;
  if (judgement.answers) grounded_on = judgement.retrieval.candidates.front().knowledge_id;
  const auto grounding = entries_for(assistant.id, judgement.best(options_.grounding_entries));
  if (auto reply = ask_model(question, grounding, grounded_on)) return *reply;
  return builtin_.respond(question);  // the endpoint failed: the customer still gets an answer
}

std::optional<Reply> OpenAiResponder::ask_model(const Question& question,
                                                const std::vector<core::KnowledgeEntry>& grounding,
                                                std::optional<core::Id> grounded_on) {
  const auto& llm = question.assistant.llm;
  std::map<std::string, std::string> headers{{"Content-Type", "application/json"}, {"Accept", "text/event-stream"}};
  if (!llm.api_key_env.empty()) {
    // Checked again here: a setting stored before the rule must not reach another variable.
    if (!core::llm_key_variable(llm.api_key_env)) {
      spdlog::warn("event=llm_unavailable assistant={} reason=\"llm_api_key_env {} does not start with {}\"",
                   question.assistant.id, llm.api_key_env, core::kLlmKeyPrefix);
      return std::nullopt;
    }
    auto key = env_(llm.api_key_env);
    if (!key || key->empty()) {
      spdlog::warn("event=llm_unavailable assistant={} reason=\"{} is not set\"", question.assistant.id,
                   llm.api_key_env);
      return std::nullopt;
    }
    headers["Authorization"] = "Bearer " + *key;
  }
  const auto body = chat_request_body(question, grounding, options_.history_messages);
  const auto url = llm.base_url + "/chat/completions";
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    ChatStream stream;
    DraftFeed drafts(question.on_partial);
    std::string broken;
    bool full = false;  // the answer passed the message limit: the rest is not read
    std::size_t received = 0;
    SseParser events([&](std::string_view data) {
      if (!broken.empty() || stream.done() || full) return;
      auto added = stream.add(data);
      if (!added) {
        broken = added.error().message;
        return;
      }
      drafts.add(*added);
      full = stream.characters() > core::kMaxMessageChars;
    });
    auto on_bytes = [&](std::string_view bytes) {
      received += bytes.size();
      if (received > kMaxStreamBytes) broken = "the stream passed " + std::to_string(kMaxStreamBytes) + " bytes";
      if (broken.empty()) events.feed(bytes);
      return broken.empty() && !stream.done() && !full;
    };
    const auto started = std::chrono::steady_clock::now();
    auto outcome =
        net::send_streaming(net::HttpRequest{"POST", url, headers, body}, options_.timeouts, on_bytes, &calls_);
    if (observer_.call && !outcome.cancelled) observer_.call(std::chrono::steady_clock::now() - started);
    if (outcome.cancelled) {
      spdlog::info("event=llm_cancelled assistant={} reason=stopping", question.assistant.id);
      throw Stopped();
    }
    const bool answered = outcome.status >= 200 && outcome.status < 300 && broken.empty() &&
                          (stream.done() || !stream.finish_reason().empty() || full);
    if (answered) {
      auto text = core::cut_to_message_length(stream.text());
      if (full) {
        spdlog::info("event=llm_answer_cut assistant={} characters={}", question.assistant.id, core::utf8_length(text));
      }
      for (const auto& [index, call] : stream.tool_calls()) {
        if (call.name == kTransferTool) {
          spdlog::info("event=llm_transfer assistant={}", question.assistant.id);
          return Reply{ReplyKind::handoff, std::move(text), std::nullopt, 0, true};
        }
      }
      if (!text.empty()) {
        const double score = grounded_on ? 1.0 : 0.0;
        return Reply{grounded_on ? ReplyKind::answer : ReplyKind::fallback, std::move(text), grounded_on, score, true};
      }
    }
    spdlog::warn("event=llm_failed assistant={} attempt={} status={} error=\"{}{}\"", question.assistant.id, attempt,
                 outcome.status, outcome.error, broken);
    if (observer_.failure) {
      observer_.failure(outcome.status == 0                             ? LlmFailure::timeout
                        : outcome.status < 200 || outcome.status >= 300 ? LlmFailure::http
                                                                        : LlmFailure::parse);
    }
    if (!worth_retrying(outcome) || attempt == options_.attempts) break;
    if (calls_.wait_for(options_.retry_delay)) throw Stopped();
  }
  return std::nullopt;
}

}  // namespace baton::ai::openai
