// LINE conversations: the contact behind a (assistant, LINE user) pair, the tasks of the durable
// outbox (every call Baton makes to LINE), and the rules for when to reply, retry or give up.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace baton::core {

struct LineContact {
  Id assistant_id;
  std::string user_id;
  Id conversation_id;
  bool following = true;
  // The newest unused reply token (a free reply instead of a counted push) and when it came.
  std::optional<std::string> reply_token;
  std::optional<TimePoint> reply_token_at;
  TimePoint created_at;
  TimePoint updated_at;
  std::optional<std::string> language;  // from the profile, e.g. zh-TW or en
  // The markAsReadToken of the newest customer message no agent has read yet: marking it read
  // marks every earlier one too. Cleared once a read receipt is queued, so each batch gets one.
  std::optional<std::string> read_token;
};

// The durable tasks. (The loading animation is not one: it is only worth showing in the
// seconds after the customer wrote, so it goes straight to the worker, never to the database.)
enum class LineTaskKind {
  message,    // deliver a message to the customer (Reply API, else Push API)
  profile,    // fetch the customer's display name and picture
  content,    // fetch a file the customer sent
  mark_read,  // tell LINE the customer's messages were read (a read receipt, by markAsReadToken)
};

struct LineTask {
  std::int64_t id = 0;
  LineTaskKind kind = LineTaskKind::message;
  Id assistant_id;
  Id conversation_id;
  std::string user_id;
  std::optional<Id> subject_id;  // the message (message) or the attachment (content)
  std::optional<std::string> reply_token;
  std::optional<TimePoint> reply_token_at;
  std::string retry_key;                  // X-Line-Retry-Key: one per message, kept across tries
  std::optional<std::string> read_token;  // mark_read: the markAsReadToken to send
  // A message to a customer whose language is not known yet waits until then for the profile
  // fetch queued with it (so the first notice is in one language), and no longer.
  std::optional<TimePoint> profile_wait_until;
  DeliveryState state = DeliveryState::pending;
  int attempts = 0;
  TimePoint next_attempt_at;
  std::string last_error;
  TimePoint created_at;
  TimePoint updated_at;
};

// LINE accepts a reply token for about a minute after the event; past this age a push is sent.
inline constexpr std::chrono::seconds kReplyTokenLifetime{50};
// A retry key is honoured for 24 hours; a message not delivered by then is given up.
inline constexpr std::chrono::hours kGiveUpAfter{23};
// How long a first message waits for the customer's profile (their language) before it goes
// out with notices in both languages.
inline constexpr std::chrono::seconds kProfileWait{2};
// LINE's answer (HTTP 429, this message) to a push past the account's monthly message limit:
// no retry helps before the month ends; only a free reply still gets through.
inline constexpr std::string_view kMonthlyLimitMessage = "You have reached your monthly limit.";
// The delivery error agents see for such a push (the console recognises it).
inline constexpr std::string_view kMonthlyLimitError =
    "LINE refused the push: You have reached your monthly limit. The customer's next message can be answered "
    "by a free reply.";
// Agents are warned once this share of the month's message quota is used.
inline constexpr double kQuotaWarningShare = 0.8;
// A loading animation is only worth showing right after the customer wrote.
inline constexpr std::chrono::seconds kLoadingWorthShowing{10};

// Handled webhook event ids are kept this long (LINE redelivers within hours). An event older
// than that is refused: its id may be forgotten, so a captured body replayed later would be
// handled again.
inline constexpr std::chrono::hours kHandledLineEventsKept{24 * 7};

bool reply_token_fresh(const std::optional<TimePoint>& received_at, TimePoint now);
// Whether a webhook event that happened at `event_at` (its timestamp) is too old to handle.
bool line_event_too_old(TimePoint event_at, TimePoint now);

// Whether a message of a LINE conversation goes to the customer: everything but their own
// words and the notices meant for agents.
bool reaches_line_customer(const Message& message);

// How a call to LINE went, as the outbox sees it.
enum class LineCallOutcome {
  done,           // 2xx (or 409 on a push: that retry key was already accepted)
  retry,          // no answer, 429 or 5xx: try again later
  reply_refused,  // the reply token was refused: push instead, now
  failed,         // any other 4xx: LINE will never accept it
};

LineCallOutcome classify_line_call(LineTaskKind kind, bool used_reply_token, int http_status);
// A 429 with LINE's monthly-limit message: the push will not go this month, so it fails now
// instead of being retried (other 429s are the rate limit: retried).
bool monthly_limit_reached(int http_status, std::string_view line_message);

// This month's message quota of a LINE Official Account, as LINE and Baton count it.
struct LineQuota {
  bool limited = false;           // LINE's type: limited (a target limit is set) or none
  std::int64_t limit = 0;         // value, when limited
  std::int64_t total_usage = 0;   // LINE's count of messages sent this month (pushes, broadcasts...)
  std::int64_t baton_pushes = 0;  // the pushes Baton sent this month (replies are free)
};
// Whether agents should be warned: a limit is set and at least kQuotaWarningShare of it is used.
bool quota_warning(const LineQuota& quota);
// The month a push counts in, "YYYY-MM" (UTC).
std::string quota_month(TimePoint at);

// The wait before try number `attempts + 1`: exponential from 1 s to 5 min with jitter in
// [0, 1), or LINE's Retry-After when it said one.
std::chrono::milliseconds line_retry_delay(int attempts, double jitter, std::optional<int> retry_after_seconds);

}  // namespace baton::core
