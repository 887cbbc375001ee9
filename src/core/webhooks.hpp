// Outgoing webhooks (team operations §4.11): the endpoints admins register, the deliveries of the
// durable outbox, and the rules for which events go out, when to retry, when to give up and when
// an endpoint is turned off.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

namespace baton::core {

// Why an endpoint stopped receiving: turned off by an admin, answered 410 Gone, or failed for
// kDisableAfterFailing (the console shows a banner for the last two).
enum class WebhookDisabledReason { none, admin, gone, failing };

struct Webhook {
  Id id;
  std::string url;
  std::vector<std::string> events;  // event type names, or "*" alone for every type
  std::optional<Id> assistant_id;   // only this assistant's conversations (unset: all)
  std::string description;
  std::string secret;  // whsec_<base64>: signs every delivery; shown once, at creation
  bool enabled = true;
  WebhookDisabledReason disabled_reason = WebhookDisabledReason::none;
  std::optional<TimePoint> failing_since;  // the first failure since the last success
  int timeout_seconds = 5;
  TimePoint created_at;
  TimePoint updated_at;
};

enum class WebhookDeliveryStatus { pending, ok, failed };

// One event for one endpoint. `event_id` is the payload's id and the webhook-id header: the same
// on every try, so a receiver drops a repeat.
struct WebhookDelivery {
  Id id;
  Id webhook_id;
  Id event_id;
  std::string event_type;
  std::string payload;  // the JSON body, rendered when the event happened
  WebhookDeliveryStatus status = WebhookDeliveryStatus::pending;
  int attempts = 0;
  std::optional<int> last_status_code;
  std::string last_error;
  TimePoint next_attempt_at;
  TimePoint created_at;
  TimePoint updated_at;
};

// The event types an endpoint may subscribe to, in the order the API documents them.
inline constexpr std::string_view kWebhookEventTypes[] = {
    "conversation.created",     "conversation.handoff_requested",
    "conversation.assigned",    "conversation.transferred",
    "conversation.requeued",    "conversation.done",
    "conversation.reactivated", "conversation.abandoned",
    "message.created",          "offline_message.created",
    "csat.submitted",           "ping",
};
inline constexpr std::string_view kEveryWebhookEvent = "*";

inline constexpr std::size_t kMaxWebhookUrlChars = 2000;
inline constexpr std::size_t kMaxWebhookDescriptionChars = 500;
inline constexpr std::size_t kMaxWebhooks = 50;
inline constexpr int kDefaultWebhookTimeoutSeconds = 5;
inline constexpr int kMinWebhookTimeoutSeconds = 1;
inline constexpr int kMaxWebhookTimeoutSeconds = 30;
// Deliveries to one endpoint in flight at once (per node).
inline constexpr int kMaxConcurrentDeliveries = 4;
// An endpoint failing every delivery this long is turned off.
inline constexpr std::chrono::hours kDisableAfterFailing{72};
// Finished deliveries (ok or failed) are kept this long for the deliveries list.
inline constexpr std::chrono::hours kFinishedDeliveriesKept{24 * 7};

// The webhook type of a conversation log event, if it has one (agent_message_first, label and
// survey requests have none).
std::optional<std::string_view> webhook_type_of(LogEventType type);

// Whether `webhook` (enabled) wants `event_type` of a conversation of `assistant_id`. A ping goes
// only where it is sent, never by subscription.
bool subscribes(const Webhook& webhook, std::string_view event_type, const Id& assistant_id);

// An absolute http(s) URL with a host, no user info and no fragment, at most kMaxWebhookUrlChars
// (400 invalid_field otherwise). Where it resolves to is checked apart (net/address_policy).
Result<std::string> validate_webhook_url(std::string_view url);
// At least one known type, or ["*"]; duplicates dropped, order kept.
Result<std::vector<std::string>> validate_webhook_events(const std::vector<std::string>& events);
Result<std::string> validate_webhook_description(std::string_view description);

// How one try went, as the outbox sees it.
enum class WebhookOutcome {
  delivered,  // 2xx
  retry,      // no answer (connect error, timeout), 408, 425, 429 or 5xx
  gone,       // 410: the endpoint is turned off
  failed,     // any other answer (other 4xx; 3xx, as redirects are not followed): final
};
WebhookOutcome classify_webhook_answer(int http_status);

// The wait after try number `attempts` failed (1 → 5 s, then 30 s, 2 min, 10 min, 30 min, 1 h,
// 2 h, 4 h, 8 h), ±20 % by `jitter` in [0, 1]; at least the receiver's Retry-After (at most a
// day). None once the nine retries are spent: the delivery has failed.
std::optional<std::chrono::milliseconds> webhook_retry_delay(int attempts, double jitter,
                                                             std::optional<int> retry_after_seconds);

// Retry-After as delta-seconds or an HTTP-date, in seconds from `now` (0 to a day); none when
// absent or bad.
std::optional<int> parse_retry_after(std::string_view header, TimePoint now);

// Whether an endpoint failing since `failing_since` is to be turned off at `now`.
bool failing_too_long(const std::optional<TimePoint>& failing_since, TimePoint now);

// How one try went.
struct WebhookTry {
  int status = 0;     // the HTTP status; 0: no answer
  std::string error;  // why, when there was no answer or the address was refused (never a secret)
  std::optional<int> retry_after_seconds;
  bool refused = false;  // the URL resolves to an address not allowed: final
};

// What a try changes: the delivery (attempts, status, the next try) and its endpoint (failing
// since when; turned off on 410 Gone or after kDisableAfterFailing). `jitter` in [0, 1].
void record_try(WebhookDelivery& delivery, Webhook& webhook, const WebhookTry& attempt, TimePoint now, double jitter);

std::string_view name_of(WebhookDeliveryStatus value);
std::optional<WebhookDeliveryStatus> parse_webhook_delivery_status(std::string_view name);
std::string_view name_of(WebhookDisabledReason value);
std::optional<WebhookDisabledReason> parse_webhook_disabled_reason(std::string_view name);

}  // namespace baton::core
