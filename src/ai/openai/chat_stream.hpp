// Puts a streamed chat completion back together from its chunks: the text so far, and any
// tool call (name and arguments, which arrive in pieces by index).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace baton::ai::openai {

struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;
};

class ChatStream {
 public:
  // One `data:` payload: a chunk (JSON) or "[DONE]". Answers the new text it carried (maybe
  // empty), or an error when the payload is not a chunk or reports an error.
  core::Result<std::string> add(std::string_view payload);

  bool done() const { return done_; }
  const std::string& text() const { return text_; }
  std::size_t characters() const { return characters_; }  // of text(), in code points
  const std::map<int, ToolCall>& tool_calls() const { return tool_calls_; }
  const std::string& finish_reason() const { return finish_reason_; }

 private:
  bool done_ = false;
  std::string text_;
  std::size_t characters_ = 0;
  std::map<int, ToolCall> tool_calls_;
  std::string finish_reason_;
};

}  // namespace baton::ai::openai
