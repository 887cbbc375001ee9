#include "core/line.hpp"

#include <algorithm>
#include <cmath>

#include "core/time.hpp"

namespace baton::core {

bool reply_token_fresh(const std::optional<TimePoint>& received_at, TimePoint now) {
  return received_at && now - *received_at < kReplyTokenLifetime;
}

bool line_event_too_old(TimePoint event_at, TimePoint now) { return now - event_at > kHandledLineEventsKept; }

bool reaches_line_customer(const Message& message) {
  return message.sender != Sender::customer && message.event != SystemEvent::customer_unfollowed;
}

LineCallOutcome classify_line_call(LineTaskKind kind, bool used_reply_token, int http_status) {
  if (http_status >= 200 && http_status < 300) return LineCallOutcome::done;
  if (http_status == 0 || http_status == 429 || http_status >= 500) return LineCallOutcome::retry;
  // 409 on a push: a request with this retry key was accepted before (our earlier try reached
  // LINE but its answer did not reach us).
  if (kind == LineTaskKind::message && !used_reply_token && http_status == 409) return LineCallOutcome::done;
  // An expired or used reply token is a 400; the push that follows has its own retry key.
  if (kind == LineTaskKind::message && used_reply_token && http_status == 400) return LineCallOutcome::reply_refused;
  return LineCallOutcome::failed;
}

bool monthly_limit_reached(int http_status, std::string_view line_message) {
  return http_status == 429 && line_message == kMonthlyLimitMessage;
}

bool quota_warning(const LineQuota& quota) {
  return quota.limited && quota.limit > 0 &&
         static_cast<double>(quota.total_usage) >= kQuotaWarningShare * static_cast<double>(quota.limit);
}

std::string quota_month(TimePoint at) { return format_time(at).substr(0, 7); }

std::chrono::milliseconds line_retry_delay(int attempts, double jitter, std::optional<int> retry_after_seconds) {
  using std::chrono::milliseconds;
  constexpr milliseconds kFirst{1000};
  constexpr milliseconds kLongest{5 * 60 * 1000};
  if (retry_after_seconds && *retry_after_seconds >= 0) {
    return std::min<milliseconds>(std::chrono::seconds(*retry_after_seconds), kLongest);
  }
  const double factor = std::pow(2.0, std::clamp(attempts - 1, 0, 20));
  const auto base =
      std::min<double>(static_cast<double>(kFirst.count()) * factor, static_cast<double>(kLongest.count()));
  // Up to half again, so many conversations failing together do not retry together.
  return milliseconds(static_cast<std::int64_t>(base * (1.0 + 0.5 * std::clamp(jitter, 0.0, 1.0))));
}

}  // namespace baton::core
