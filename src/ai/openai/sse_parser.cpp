#include "ai/openai/sse_parser.hpp"

namespace baton::ai::openai {

void SseParser::feed(std::string_view bytes) {
  pending_.append(bytes);
  std::size_t start = 0;
  for (;;) {
    const auto end = pending_.find('\n', start);
    if (end == std::string::npos) break;
    std::string_view text(pending_.data() + start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    line(text);
    start = end + 1;
  }
  pending_.erase(0, start);
}

void SseParser::line(std::string_view text) {
  if (text.empty()) {  // the event is complete
    if (has_data_) on_data_(data_);
    data_.clear();
    has_data_ = false;
    return;
  }
  if (text.front() == ':') return;  // a comment (keep-alive)
  const auto colon = text.find(':');
  const auto field = text.substr(0, colon);
  if (field != "data") return;  // event:, id:, retry: do not matter here
  auto value = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (has_data_) data_ += '\n';
  data_.append(value);
  has_data_ = true;
}

}  // namespace baton::ai::openai
