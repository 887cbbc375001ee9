// When the LINE outbox replies, pushes, retries or gives up.
#include <gtest/gtest.h>

#include "core/line.hpp"

namespace baton::core {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(LineRules, AReplyTokenIsUsedOnlyWhileFresh) {
  const TimePoint now{milliseconds(1'000'000)};
  EXPECT_TRUE(reply_token_fresh(now - seconds(10), now));
  EXPECT_FALSE(reply_token_fresh(now - seconds(50), now));
  EXPECT_FALSE(reply_token_fresh(std::nullopt, now));
}

TEST(LineRules, AnEventOlderThanTheWindowOfHandledIdsIsTooOld) {
  const TimePoint now{milliseconds(1'800'000'000'000)};
  EXPECT_FALSE(line_event_too_old(now - std::chrono::hours(24 * 7), now));
  EXPECT_TRUE(line_event_too_old(now - std::chrono::hours(24 * 7) - milliseconds(1), now));
  EXPECT_FALSE(line_event_too_old(now + std::chrono::hours(1), now)) << "a clock a little behind LINE's";
}

TEST(LineRules, OnlyWhatIsMeantForTheCustomerGoesToLine) {
  Message message;
  message.sender = Sender::customer;
  EXPECT_FALSE(reaches_line_customer(message));
  message.sender = Sender::agent;
  EXPECT_TRUE(reaches_line_customer(message));
  message.sender = Sender::system;
  message.event = SystemEvent::agent_joined;
  EXPECT_TRUE(reaches_line_customer(message));
  message.event = SystemEvent::customer_unfollowed;
  EXPECT_FALSE(reaches_line_customer(message));
}

TEST(LineRules, OutagesAreRetriedRefusalsAreNot) {
  EXPECT_EQ(classify_line_call(LineTaskKind::message, false, 200), LineCallOutcome::done);
  EXPECT_EQ(classify_line_call(LineTaskKind::message, false, 0), LineCallOutcome::retry);
  EXPECT_EQ(classify_line_call(LineTaskKind::message, false, 429), LineCallOutcome::retry);
  EXPECT_EQ(classify_line_call(LineTaskKind::message, false, 503), LineCallOutcome::retry);
  EXPECT_EQ(classify_line_call(LineTaskKind::message, false, 400), LineCallOutcome::failed);
  EXPECT_EQ(classify_line_call(LineTaskKind::message, false, 403), LineCallOutcome::failed);
  // The same retry key was accepted before: delivered.
  EXPECT_EQ(classify_line_call(LineTaskKind::message, false, 409), LineCallOutcome::done);
  // A refused reply token: push instead.
  EXPECT_EQ(classify_line_call(LineTaskKind::message, true, 400), LineCallOutcome::reply_refused);
  EXPECT_EQ(classify_line_call(LineTaskKind::profile, false, 404), LineCallOutcome::failed);
}

TEST(LineRules, OnlyLinesMonthlyLimitAnswerStopsAPushForTheMonth) {
  EXPECT_TRUE(monthly_limit_reached(429, "You have reached your monthly limit."));
  EXPECT_FALSE(monthly_limit_reached(429, "The API rate limit has been exceeded. Try again later."));
  EXPECT_FALSE(monthly_limit_reached(400, "You have reached your monthly limit."));
  EXPECT_FALSE(monthly_limit_reached(429, ""));
}

TEST(LineRules, AgentsAreWarnedFromEightyPercentOfALimit) {
  EXPECT_FALSE(quota_warning(LineQuota{true, 1000, 799, 0}));
  EXPECT_TRUE(quota_warning(LineQuota{true, 1000, 800, 0}));
  EXPECT_TRUE(quota_warning(LineQuota{true, 1000, 1200, 0}));
  EXPECT_FALSE(quota_warning(LineQuota{false, 0, 100000, 0})) << "no limit set";
  EXPECT_FALSE(quota_warning(LineQuota{true, 0, 0, 0})) << "a zero limit says nothing to warn about";
}

TEST(LineRules, PushesCountInTheirUtcMonth) {
  // 2026-12-31T23:59:59Z and one second later.
  const TimePoint last{seconds(1798761599)};
  EXPECT_EQ(quota_month(last), "2026-12");
  EXPECT_EQ(quota_month(last + seconds(1)), "2027-01");
}

TEST(LineRules, RetriesBackOffExponentiallyAndHonourRetryAfter) {
  EXPECT_EQ(line_retry_delay(1, 0.0, std::nullopt), milliseconds(1000));
  EXPECT_EQ(line_retry_delay(2, 0.0, std::nullopt), milliseconds(2000));
  EXPECT_EQ(line_retry_delay(4, 1.0, std::nullopt), milliseconds(12000));
  EXPECT_EQ(line_retry_delay(30, 0.0, std::nullopt), milliseconds(300000));
  EXPECT_EQ(line_retry_delay(1, 0.5, 7), milliseconds(7000));
  EXPECT_EQ(line_retry_delay(1, 0.5, 100000), milliseconds(300000));
}

}  // namespace
}  // namespace baton::core
