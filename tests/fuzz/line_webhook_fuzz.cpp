// LINE webhook bodies as the route reads them once the signature holds (line_routes.cpp: the
// body parsed as JSON, its `events` array to parse_line_events): every event is taken or counted
// as ignored, and what is taken holds to Baton's rules for ids and message text.
#include <boost/json/parse.hpp>
#include <exception>
#include <string>

#include "channels/line/line_events.hpp"
#include "core/text.hpp"
#include "support/fuzz_check.hpp"

namespace {
namespace json = boost::json;
using Kind = baton::app::LineEvent::Kind;

bool is_line_user_id(const std::string& id) {
  if (id.size() != 33 || id[0] != 'U') return false;
  for (std::size_t i = 1; i < id.size(); ++i) {
    const char c = id[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool is_line_message_id(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void check_event(const baton::app::LineEvent& event) {
  FUZZ_CHECK(!event.webhook_event_id.empty() && event.webhook_event_id.size() <= 64, "webhookEventId is bounded");
  FUZZ_CHECK(is_line_user_id(event.user_id), "only LINE user ids reach the LINE API's paths");
  if (event.attachment_kind) FUZZ_CHECK(is_line_message_id(event.source_id), "only LINE message ids are fetched");
  FUZZ_CHECK(event.file_size >= 0, "a file size is not negative");
  if (event.kind == Kind::text || event.kind == Kind::media) {
    // What becomes a stored message holds to the rules of every message (core/text.hpp).
    FUZZ_CHECK(baton::fuzz::valid_utf8(event.text), "a message from LINE is valid UTF-8");
    const auto stored = baton::core::validate_message_text(event.text);
    FUZZ_CHECK(stored.has_value(), "a message from LINE passes the message text rules");
    FUZZ_CHECK(baton::core::utf8_length(event.text) <= static_cast<long>(baton::core::kMaxMessageChars),
               "a message from LINE holds at most 4000 characters");
  }
}

void check(std::string_view body) {
  boost::system::error_code error;
  auto parsed = json::parse(body, error);
  const auto* events = !error && parsed.is_object() ? parsed.get_object().if_contains("events") : nullptr;
  if (!events || !events->is_array()) return;  // the route answers 400
  const auto result = baton::channels::line::parse_line_events(events->get_array());
  FUZZ_CHECK(result.ignored >= 0, "the ignored count is a count");
  FUZZ_CHECK(result.events.size() + static_cast<std::size_t>(result.ignored) == events->get_array().size(),
             "every event is either taken or ignored");
  for (const auto& event : result.events) check_event(event);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "reading LINE events never throws");
}
