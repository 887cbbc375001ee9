#include "core/webhooks.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "core/fields.hpp"
#include "core/text.hpp"

namespace baton::core {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

constexpr std::array<milliseconds, 9> kRetrySchedule{5s, 30s, 2min, 10min, 30min, 1h, 2h, 4h, 8h};
constexpr std::chrono::seconds kLongestRetryAfter = 24h;

bool known_event_type(std::string_view name) {
  return std::find(std::begin(kWebhookEventTypes), std::end(kWebhookEventTypes), name) != std::end(kWebhookEventTypes);
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The host and port of an authority ("host", "host:port", "[v6]" or "[v6]:port").
bool valid_authority(std::string_view authority) {
  if (authority.empty() || authority.find('@') != std::string_view::npos) return false;  // no user info
  std::string_view host = authority;
  std::string_view port;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    host = authority.substr(0, close + 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
      if (port.empty()) return false;
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return false;
  }
  if (host.empty()) return false;
  if (!port.empty()) {
    int number = 0;
    if (!all_digits(port) || port.size() > 5 ||
        std::from_chars(port.data(), port.data() + port.size(), number).ec != std::errc() || number < 1 ||
        number > 65535) {
      return false;
    }
  }
  return true;
}

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the form HTTP senders must use.
std::optional<TimePoint> parse_http_date(std::string_view text) {
  constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t length) -> std::optional<int> {
    int value = 0;
    const auto part = text.substr(at, length);
    if (!all_digits(part) || std::from_chars(part.data(), part.data() + part.size(), value).ec != std::errc())
      return std::nullopt;
    return value;
  };
  const auto day = number(5, 2), year = number(12, 4), hour = number(17, 2), minute = number(20, 2),
             second = number(23, 2);
  const auto month = std::find(std::begin(kMonths), std::end(kMonths), text.substr(8, 3));
  if (!day || !year || !hour || !minute || !second || month == std::end(kMonths) || text[16] != ' ' ||
      text[19] != ':' || text[22] != ':' || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(month - std::begin(kMonths) + 1)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  const auto at = std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
                  std::chrono::seconds(*second);
  return std::chrono::time_point_cast<milliseconds>(at);
}

}  // namespace

std::optional<std::string_view> webhook_type_of(LogEventType type) {
  switch (type) {
    case LogEventType::handoff_requested:
      return "conversation.handoff_requested";
    case LogEventType::offline_message:
      return "offline_message.created";
    case LogEventType::assigned:
      return "conversation.assigned";
    case LogEventType::transferred:
      return "conversation.transferred";
    case LogEventType::requeued:
      return "conversation.requeued";
    case LogEventType::done:
      return "conversation.done";
    case LogEventType::reactivated:
      return "conversation.reactivated";
    case LogEventType::abandoned:
      return "conversation.abandoned";
    case LogEventType::csat_submitted:
      return "csat.submitted";
    case LogEventType::agent_message_first:  // the message itself goes out as message.created
    case LogEventType::labels_changed:       // later (§4.11)
    case LogEventType::csat_requested:
      return std::nullopt;
  }
  return std::nullopt;
}

bool subscribes(const Webhook& webhook, std::string_view event_type, const Id& assistant_id) {
  if (!webhook.enabled || event_type == "ping") return false;
  if (webhook.assistant_id && *webhook.assistant_id != assistant_id) return false;
  return std::any_of(webhook.events.begin(), webhook.events.end(),
                     [&](const std::string& name) { return name == kEveryWebhookEvent || name == event_type; });
}

Result<std::string> validate_webhook_url(std::string_view raw) {
  const auto url = trim_text(raw);
  const auto bad = [](std::string why) { return fail(ErrorCode::invalid_field, "url " + std::move(why)); };
  if (url.size() > kMaxWebhookUrlChars) return bad("is longer than 2000 characters");
  if (!std::all_of(url.begin(), url.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; })) {
    return bad("must be printable ASCII without spaces (percent-encode the rest)");
  }
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return bad("must start with http:// or https://");
  }
  if (rest.find('#') != std::string_view::npos) return bad("must not have a fragment (#...)");
  const auto authority = rest.substr(0, rest.find_first_of("/?"));
  if (!valid_authority(authority)) return bad("must name a host (and at most a port), without user:password@");
  return std::string(url);
}

Result<std::vector<std::string>> validate_webhook_events(const std::vector<std::string>& events) {
  if (events.empty()) return fail(ErrorCode::invalid_field, "events must name at least one event type, or \"*\"");
  std::vector<std::string> out;
  for (const auto& name : events) {
    if (name == kEveryWebhookEvent) {
      if (events.size() > 1) return fail(ErrorCode::invalid_field, "events: \"*\" stands alone");
    } else if (!known_event_type(name)) {
      return fail(ErrorCode::invalid_field, "events: unknown event type \"" + name.substr(0, 60) + "\"");
    }
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

Result<std::string> validate_webhook_description(std::string_view description) {
  return validate_optional_text("description", description, kMaxWebhookDescriptionChars);
}

WebhookOutcome classify_webhook_answer(int http_status) {
  if (http_status >= 200 && http_status < 300) return WebhookOutcome::delivered;
  if (http_status == 0 || http_status == 408 || http_status == 425 || http_status == 429 || http_status >= 500) {
    return WebhookOutcome::retry;
  }
  if (http_status == 410) return WebhookOutcome::gone;
  return WebhookOutcome::failed;
}

std::optional<milliseconds> webhook_retry_delay(int attempts, double jitter, std::optional<int> retry_after_seconds) {
  if (attempts < 1 || attempts > static_cast<int>(kRetrySchedule.size())) return std::nullopt;
  const auto base = kRetrySchedule[static_cast<std::size_t>(attempts - 1)];
  // ±20 %, so that deliveries failing together do not come back together.
  const double factor = 0.8 + 0.4 * std::clamp(jitter, 0.0, 1.0);
  auto delay = milliseconds(static_cast<std::int64_t>(std::llround(static_cast<double>(base.count()) * factor)));
  if (retry_after_seconds && *retry_after_seconds > 0) {
    const auto asked = std::min<milliseconds>(std::chrono::seconds(*retry_after_seconds), kLongestRetryAfter);
    delay = std::max(delay, asked);
  }
  return delay;
}

std::optional<int> parse_retry_after(std::string_view header, TimePoint now) {
  const auto text = trim_text(header);
  if (text.empty()) return std::nullopt;
  const auto longest = static_cast<int>(std::chrono::seconds(kLongestRetryAfter).count());
  if (all_digits(text)) {
    if (text.size() > 9) return longest;
    int seconds = 0;
    std::from_chars(text.data(), text.data() + text.size(), seconds);
    return std::min(seconds, longest);
  }
  const auto at = parse_http_date(text);
  if (!at) return std::nullopt;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(*at - now).count();
  return static_cast<int>(std::clamp<std::int64_t>(seconds, 0, longest));
}

bool failing_too_long(const std::optional<TimePoint>& failing_since, TimePoint now) {
  return failing_since && now - *failing_since >= kDisableAfterFailing;
}

void record_try(WebhookDelivery& delivery, Webhook& webhook, const WebhookTry& attempt, TimePoint now, double jitter) {
  ++delivery.attempts;
  delivery.last_status_code = attempt.status > 0 ? std::optional(attempt.status) : std::nullopt;
  if (!attempt.error.empty()) {
    delivery.last_error = attempt.error.substr(0, 300);
  } else if (attempt.status < 200 || attempt.status >= 300) {
    delivery.last_error = "the receiver answered " + std::to_string(attempt.status);
  } else {
    delivery.last_error.clear();
  }
  delivery.updated_at = now;
  const auto outcome = attempt.refused ? WebhookOutcome::failed : classify_webhook_answer(attempt.status);
  switch (outcome) {
    case WebhookOutcome::delivered:
      delivery.status = WebhookDeliveryStatus::ok;
      webhook.failing_since.reset();
      return;
    case WebhookOutcome::retry:
      if (auto delay = webhook_retry_delay(delivery.attempts, jitter, attempt.retry_after_seconds)) {
        delivery.next_attempt_at = now + *delay;
      } else {
        delivery.status = WebhookDeliveryStatus::failed;
      }
      break;
    case WebhookOutcome::gone:
      delivery.status = WebhookDeliveryStatus::failed;
      webhook.enabled = false;
      webhook.disabled_reason = WebhookDisabledReason::gone;
      break;
    case WebhookOutcome::failed:
      delivery.status = WebhookDeliveryStatus::failed;
      break;
  }
  if (!webhook.failing_since) webhook.failing_since = now;
  if (webhook.enabled && failing_too_long(webhook.failing_since, now)) {
    webhook.enabled = false;
    webhook.disabled_reason = WebhookDisabledReason::failing;
  }
}

std::string_view name_of(WebhookDeliveryStatus value) {
  switch (value) {
    case WebhookDeliveryStatus::pending:
      return "pending";
    case WebhookDeliveryStatus::ok:
      return "ok";
    case WebhookDeliveryStatus::failed:
      return "failed";
  }
  return "pending";
}

std::optional<WebhookDeliveryStatus> parse_webhook_delivery_status(std::string_view name) {
  for (auto value : {WebhookDeliveryStatus::pending, WebhookDeliveryStatus::ok, WebhookDeliveryStatus::failed}) {
    if (name_of(value) == name) return value;
  }
  return std::nullopt;
}

std::string_view name_of(WebhookDisabledReason value) {
  switch (value) {
    case WebhookDisabledReason::none:
      return "";
    case WebhookDisabledReason::admin:
      return "admin";
    case WebhookDisabledReason::gone:
      return "gone";
    case WebhookDisabledReason::failing:
      return "failing";
  }
  return "";
}

std::optional<WebhookDisabledReason> parse_webhook_disabled_reason(std::string_view name) {
  for (auto value : {WebhookDisabledReason::none, WebhookDisabledReason::admin, WebhookDisabledReason::gone,
                     WebhookDisabledReason::failing}) {
    if (name_of(value) == name) return value;
  }
  return std::nullopt;
}

}  // namespace baton::core
