// Streamed chat completion chunks, one per line of the input (ai/openai/chat_stream.hpp): no
// chunk throws; the text is valid UTF-8 and is exactly what the chunks added; errors are
// reported as unavailable, so the caller falls back to the built-in answer.
#include <exception>
#include <string>

#include "ai/openai/chat_stream.hpp"
#include "support/fuzz_check.hpp"

namespace {
using baton::ai::openai::ChatStream;

void check(std::string_view input) {
  ChatStream chat;
  std::string added;
  bool done = false;
  while (!input.empty()) {
    const auto end = std::min(input.find('\n'), input.size());
    const auto payload = input.substr(0, end);
    input.remove_prefix(std::min(end + 1, input.size()));
    const auto result = chat.add(payload);
    if (result) {
      added += *result;
    } else {
      FUZZ_CHECK(result.error().code == baton::core::ErrorCode::unavailable, "a bad chunk makes the LLM unavailable");
    }
    done = done || payload == "[DONE]";
  }
  FUZZ_CHECK(chat.text() == added, "the text is what each chunk added");
  FUZZ_CHECK(baton::fuzz::valid_utf8(chat.text()), "the answer's text is valid UTF-8");
  FUZZ_CHECK(static_cast<long>(chat.characters()) == baton::fuzz::reference_utf8_length(chat.text()),
             "characters() counts the text's code points");
  FUZZ_CHECK(chat.done() == done, "the stream is done when [DONE] came");
  for (const auto& [index, call] : chat.tool_calls()) {
    FUZZ_CHECK(baton::fuzz::valid_utf8(call.name) && baton::fuzz::valid_utf8(call.arguments),
               "a tool call is valid UTF-8");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "reading chat chunks never throws");
}
