// The LLM's event stream as it arrives (ai/openai/sse_parser.hpp), cut into pieces anywhere:
// the events do not depend on where the network cut the bytes, and each event's data goes
// through the chat stream reader (chat_stream.hpp) without an exception.
#include <fuzzer/FuzzedDataProvider.h>

#include <exception>
#include <string>
#include <vector>

#include "ai/openai/chat_stream.hpp"
#include "ai/openai/sse_parser.hpp"
#include "support/fuzz_check.hpp"

namespace {
using baton::ai::openai::ChatStream;
using baton::ai::openai::SseParser;

std::vector<std::string> events_of(const std::vector<std::string_view>& pieces) {
  std::vector<std::string> events;
  SseParser parser([&](std::string_view data) { events.emplace_back(data); });
  for (auto piece : pieces) parser.feed(piece);
  return events;
}

void check(FuzzedDataProvider& input) {
  // Where the network cuts the stream comes from the end of the input, the stream from the rest.
  std::vector<std::size_t> cuts(input.ConsumeIntegralInRange<std::size_t>(0, 8));
  for (auto& cut : cuts) cut = input.ConsumeIntegral<std::uint16_t>();
  const std::string stream = input.ConsumeRemainingBytesAsString();

  const auto whole = events_of({stream});
  std::vector<std::string_view> pieces;
  std::string_view rest = stream;
  for (auto cut : cuts) {
    const auto size = std::min<std::size_t>(cut % (stream.size() + 1), rest.size());
    pieces.push_back(rest.substr(0, size));
    rest.remove_prefix(size);
  }
  pieces.push_back(rest);
  FUZZ_CHECK(events_of(pieces) == whole, "events do not depend on how the stream was cut");

  std::size_t data_bytes = 0;
  ChatStream chat;
  std::string added;
  bool done = false;
  for (const auto& data : whole) {
    data_bytes += data.size();
    const auto result = chat.add(data);
    if (result) added += *result;
    done = done || data == "[DONE]";
  }
  FUZZ_CHECK(data_bytes <= stream.size(), "an event's data comes from the stream's bytes");
  FUZZ_CHECK(chat.text() == added, "the text is what each chunk added");
  FUZZ_CHECK(static_cast<long>(chat.characters()) == baton::fuzz::reference_utf8_length(chat.text()),
             "characters() counts the text's code points");
  FUZZ_CHECK(chat.done() == done, "the stream is done when [DONE] came");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  return baton::fuzz::check_never_throws(input, check, "reading the LLM's stream never throws");
}
