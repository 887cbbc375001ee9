// Server-Sent Events as streaming chat completions send them: `data: ...` lines, events ended
// by a blank line, CRLF or LF. Fed bytes as they arrive, it hands out each event's data.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace baton::ai::openai {

class SseParser {
 public:
  using OnData = std::function<void(std::string_view data)>;
  explicit SseParser(OnData on_data) : on_data_(std::move(on_data)) {}

  void feed(std::string_view bytes);

 private:
  void line(std::string_view text);

  OnData on_data_;
  std::string pending_;  // an unfinished line
  std::string data_;     // the current event's data lines, joined by '\n'
  bool has_data_ = false;
};

}  // namespace baton::ai::openai
