#include "ai/openai/chat_stream.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>

#include "core/text.hpp"

namespace baton::ai::openai {
namespace json = boost::json;

namespace {

std::string string_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

core::Result<std::string> ChatStream::add(std::string_view payload) {
  if (payload == "[DONE]") {
    done_ = true;
    return std::string();
  }
  boost::system::error_code error;
  auto parsed = json::parse(payload, error);
  if (error || !parsed.is_object())
    return core::fail(core::ErrorCode::unavailable, "the LLM sent a chunk that is not JSON");
  const auto& chunk = parsed.get_object();
  if (const auto* failure = chunk.if_contains("error")) {
    const auto* details = failure->if_object();
    return core::fail(core::ErrorCode::unavailable,
                      "the LLM reported an error: " + (details ? string_at(*details, "message") : std::string()));
  }
  const auto* choices = chunk.if_contains("choices");
  if (!choices || !choices->is_array()) return std::string();  // e.g. a usage-only chunk
  std::string added;
  for (const auto& choice_value : choices->get_array()) {
    const auto* choice = choice_value.if_object();
    if (!choice) continue;
    if (auto reason = string_at(*choice, "finish_reason"); !reason.empty()) finish_reason_ = reason;
    const auto* delta = choice->if_contains("delta");
    if (!delta || !delta->is_object()) continue;
    const auto& d = delta->get_object();
    added += string_at(d, "content");
    if (const auto* calls = d.if_contains("tool_calls"); calls && calls->is_array()) {
      for (const auto& call_value : calls->get_array()) {
        const auto* call = call_value.if_object();
        if (!call) continue;
        const auto* index = call->if_contains("index");
        auto& target = tool_calls_[index && index->is_int64() ? static_cast<int>(index->get_int64()) : 0];
        if (auto id = string_at(*call, "id"); !id.empty()) target.id = id;
        if (const auto* function = call->if_contains("function"); function && function->is_object()) {
          target.name += string_at(function->get_object(), "name");
          target.arguments += string_at(function->get_object(), "arguments");
        }
      }
    }
  }
  text_ += added;
  characters_ += static_cast<std::size_t>(std::max(0L, core::utf8_length(added)));
  return added;
}

}  // namespace baton::ai::openai
