// Outgoing webhooks' rules on any bytes: a URL an admin gives (accepted only as an http(s) URL
// with a host, no user info, no fragment, printable and within its length; accepted again as
// it is), a receiver's Retry-After (never negative, never past a day), and an event list.
// Each gives a value or an error, never an exception.
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/webhooks.hpp"
#include "support/fuzz_check.hpp"

namespace core = baton::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto url = core::validate_webhook_url(text)) {
    FUZZ_CHECK(url->starts_with("http://") || url->starts_with("https://"), "an http(s) URL");
    FUZZ_CHECK(url->size() <= core::kMaxWebhookUrlChars, "within its length");
    FUZZ_CHECK(url->find('#') == std::string::npos, "no fragment");
    const auto rest = std::string_view(*url).substr(url->find("//") + 2);
    FUZZ_CHECK(rest.substr(0, rest.find_first_of("/?")).find('@') == std::string_view::npos, "no user info");
    FUZZ_CHECK(core::validate_webhook_url(*url).value_or("") == *url, "stable");
  }
  const auto now = *core::parse_time("2026-12-07T12:00:00.000Z");
  if (auto seconds = core::parse_retry_after(text, now)) {
    FUZZ_CHECK(*seconds >= 0 && *seconds <= 86'400, "within a day");
    const auto delay = core::webhook_retry_delay(1, 0.5, seconds);
    FUZZ_CHECK(delay && delay->count() >= 4'000 && delay->count() <= 86'400'000,
               "at least the schedule, at most a day");
  }
  std::vector<std::string> events;
  for (std::size_t start = 0; start <= text.size();) {
    const auto end = std::min(text.find(',', start), text.size());
    events.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  if (auto accepted = core::validate_webhook_events(events)) {
    FUZZ_CHECK(!accepted->empty() && accepted->size() <= std::size(core::kWebhookEventTypes), "known types only");
  }
  return 0;
}
