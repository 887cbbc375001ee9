// The rules of outgoing webhooks (team operations §4.11): which events go out and to whom, what
// a URL and a subscription may be, which answers are retried, on what schedule, and when an
// endpoint is turned off.
#include "core/webhooks.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace baton::core {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

Webhook endpoint(std::vector<std::string> events, std::optional<Id> assistant_id = std::nullopt) {
  Webhook webhook;
  webhook.id = "wh_1";
  webhook.events = std::move(events);
  webhook.assistant_id = std::move(assistant_id);
  return webhook;
}

TEST(WebhookRules, EveryStateChangeOfTheLogHasItsTypeAndTheRestNone) {
  EXPECT_EQ(webhook_type_of(LogEventType::handoff_requested), "conversation.handoff_requested");
  EXPECT_EQ(webhook_type_of(LogEventType::assigned), "conversation.assigned");
  EXPECT_EQ(webhook_type_of(LogEventType::transferred), "conversation.transferred");
  EXPECT_EQ(webhook_type_of(LogEventType::requeued), "conversation.requeued");
  EXPECT_EQ(webhook_type_of(LogEventType::done), "conversation.done");
  EXPECT_EQ(webhook_type_of(LogEventType::reactivated), "conversation.reactivated");
  EXPECT_EQ(webhook_type_of(LogEventType::abandoned), "conversation.abandoned");
  EXPECT_EQ(webhook_type_of(LogEventType::offline_message), "offline_message.created");
  EXPECT_EQ(webhook_type_of(LogEventType::csat_submitted), "csat.submitted");
  EXPECT_FALSE(webhook_type_of(LogEventType::agent_message_first));
  EXPECT_FALSE(webhook_type_of(LogEventType::labels_changed)) << "later";
  EXPECT_FALSE(webhook_type_of(LogEventType::csat_requested));
}

TEST(WebhookRules, AnEndpointGetsTheTypesItNamesOfItsAssistantWhileEnabled) {
  const auto some = endpoint({"message.created"});
  EXPECT_TRUE(subscribes(some, "message.created", "asst_a"));
  EXPECT_FALSE(subscribes(some, "conversation.done", "asst_a"));
  const auto every = endpoint({"*"});
  EXPECT_TRUE(subscribes(every, "conversation.done", "asst_a"));
  EXPECT_FALSE(subscribes(every, "ping", "asst_a")) << "a ping goes only where it is sent";
  const auto one_assistant = endpoint({"*"}, "asst_a");
  EXPECT_TRUE(subscribes(one_assistant, "message.created", "asst_a"));
  EXPECT_FALSE(subscribes(one_assistant, "message.created", "asst_b"));
  auto off = endpoint({"*"});
  off.enabled = false;
  EXPECT_FALSE(subscribes(off, "message.created", "asst_a"));
}

TEST(WebhookRules, AUrlIsAbsoluteHttpWithAHostAndNoCredentialsOrFragment) {
  for (const char* good : {"https://example.com/hooks/baton", "http://example.com", "https://example.com:8443/x?a=1",
                           "http://[2001:db8::1]:8080/", "  https://example.com/trimmed  "}) {
    EXPECT_TRUE(validate_webhook_url(good)) << good;
  }
  EXPECT_EQ(*validate_webhook_url(" https://example.com/a "), "https://example.com/a");
  for (const char* bad :
       {"", "example.com/hook", "ftp://example.com/", "https://", "https:///path", "https://user:pass@example.com/",
        "https://example.com/#frag", "https://exa mple.com/", "https://example.com:0/", "https://example.com:70000/",
        "https://example.com:/", "https://ex\xc3\xa4mple.com/", "javascript:alert(1)"}) {
    auto checked = validate_webhook_url(bad);
    EXPECT_FALSE(checked) << bad;
    if (!checked) {
      EXPECT_EQ(checked.error().code, ErrorCode::invalid_field) << bad;
    }
  }
  EXPECT_TRUE(validate_webhook_url("https://example.com/" + std::string(1979, 'a')));
  EXPECT_FALSE(validate_webhook_url("https://example.com/" + std::string(1981, 'a')));
}

TEST(WebhookRules, EventsAreKnownTypesOrAStarAlone) {
  EXPECT_EQ(*validate_webhook_events({"message.created", "conversation.done", "message.created"}),
            (std::vector<std::string>{"message.created", "conversation.done"}));
  EXPECT_EQ(*validate_webhook_events({"*"}), std::vector<std::string>{"*"});
  EXPECT_FALSE(validate_webhook_events({}));
  EXPECT_FALSE(validate_webhook_events({"note.created"})) << "later";
  EXPECT_FALSE(validate_webhook_events({"*", "message.created"}));
  EXPECT_FALSE(validate_webhook_events({"Message.Created"}));
}

TEST(WebhookRules, NoAnswerTimeoutsThrottlingAndServerErrorsAreRetriedOther4xxAreFinal) {
  for (int status : {200, 201, 202, 204, 299}) EXPECT_EQ(classify_webhook_answer(status), WebhookOutcome::delivered);
  for (int status : {0, 408, 425, 429, 500, 502, 503, 504, 599}) {
    EXPECT_EQ(classify_webhook_answer(status), WebhookOutcome::retry) << status;
  }
  EXPECT_EQ(classify_webhook_answer(410), WebhookOutcome::gone);
  for (int status : {400, 401, 403, 404, 405, 409, 413, 422, 301, 302, 307, 308}) {
    EXPECT_EQ(classify_webhook_answer(status), WebhookOutcome::failed) << status << " (redirects are not followed)";
  }
}

TEST(WebhookRules, RetriesFollowTheScheduleWithinTwentyPercentThenStop) {
  const std::vector<milliseconds> schedule{5s, 30s, 2min, 10min, 30min, 1h, 2h, 4h, 8h};
  for (std::size_t i = 0; i < schedule.size(); ++i) {
    const int attempts = static_cast<int>(i) + 1;
    EXPECT_EQ(webhook_retry_delay(attempts, 0.5, std::nullopt), schedule[i]) << attempts;
    EXPECT_EQ(webhook_retry_delay(attempts, 0.0, std::nullopt), schedule[i] * 8 / 10) << attempts;
    EXPECT_EQ(webhook_retry_delay(attempts, 1.0, std::nullopt), schedule[i] * 12 / 10) << attempts;
  }
  EXPECT_FALSE(webhook_retry_delay(10, 0.5, std::nullopt)) << "ten tries in all";
  EXPECT_FALSE(webhook_retry_delay(0, 0.5, std::nullopt));
}

TEST(WebhookRules, RetryAfterIsHonouredButNeverShortensTheScheduleNorPassesADay) {
  EXPECT_EQ(webhook_retry_delay(1, 0.5, 120), milliseconds(120s));
  EXPECT_EQ(webhook_retry_delay(1, 0.5, 1), milliseconds(5s));
  EXPECT_EQ(webhook_retry_delay(1, 0.5, 10'000'000), milliseconds(24h));
  EXPECT_FALSE(webhook_retry_delay(10, 0.5, 60)) << "Retry-After does not add tries";

  const auto now = *parse_time("1994-11-06T08:49:00.000Z");
  EXPECT_EQ(parse_retry_after("120", now), 120);
  EXPECT_EQ(parse_retry_after(" 7 ", now), 7);
  EXPECT_EQ(parse_retry_after("121200", now), 86'400) << "at most a day (found by the fuzzer)";
  EXPECT_EQ(parse_retry_after("99999999999999", now), 86'400);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), 37);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:48:00 GMT", now), 0) << "a time past: now";
  for (const char* bad : {"", "soon", "-5", "1.5", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 31 Feb 1994 08:49:37 GMT"}) {
    EXPECT_FALSE(parse_retry_after(bad, now)) << bad;
  }
}

TEST(WebhookRules, AnEndpointFailingForThreeDaysIsTurnedOff) {
  const auto now = *parse_time("2026-12-07T12:00:00.000Z");
  EXPECT_FALSE(failing_too_long(std::nullopt, now));
  EXPECT_FALSE(failing_too_long(now - 72h + 1s, now));
  EXPECT_TRUE(failing_too_long(now - 72h, now));
}

struct Tried {
  WebhookDelivery delivery;
  Webhook webhook;
};

// A fresh pending delivery of an endpoint, after `tries` answered `status` at `now`.
Tried after_tries(int tries, WebhookTry attempt, TimePoint now, Webhook webhook = endpoint({"*"})) {
  WebhookDelivery delivery;
  delivery.created_at = delivery.next_attempt_at = now;
  for (int i = 0; i < tries; ++i) record_try(delivery, webhook, attempt, now, 0.5);
  return {delivery, webhook};
}

TEST(WebhookRules, ASuccessIsDoneAndForgetsTheEndpointsFailures) {
  const auto now = *parse_time("2026-12-07T12:00:00.000Z");
  auto failing = endpoint({"*"});
  failing.failing_since = now - 1h;
  auto [delivery, webhook] = after_tries(1, {204}, now, failing);
  EXPECT_EQ(delivery.status, WebhookDeliveryStatus::ok);
  EXPECT_EQ(delivery.attempts, 1);
  EXPECT_EQ(delivery.last_status_code, 204);
  EXPECT_EQ(delivery.last_error, "");
  EXPECT_FALSE(webhook.failing_since);
}

TEST(WebhookRules, ARetriedTryWaitsItsTurnAndTheTenthFailureIsFinal) {
  const auto now = *parse_time("2026-12-07T12:00:00.000Z");
  auto [once, webhook] = after_tries(1, {503}, now);
  EXPECT_EQ(once.status, WebhookDeliveryStatus::pending);
  EXPECT_EQ(once.next_attempt_at, now + 5s);
  EXPECT_EQ(once.last_error, "the receiver answered 503");
  EXPECT_EQ(webhook.failing_since, now);
  EXPECT_TRUE(webhook.enabled);
  auto unreachable = after_tries(1, {0, "connect: Connection refused"}, now).delivery;
  EXPECT_EQ(unreachable.status, WebhookDeliveryStatus::pending);
  EXPECT_FALSE(unreachable.last_status_code);
  EXPECT_EQ(unreachable.last_error, "connect: Connection refused");
  EXPECT_EQ(after_tries(9, {503}, now).delivery.status, WebhookDeliveryStatus::pending);
  EXPECT_EQ(after_tries(10, {503}, now).delivery.status, WebhookDeliveryStatus::failed);
}

TEST(WebhookRules, A4xxOrARefusedAddressIsFinalAnd410TurnsTheEndpointOff) {
  const auto now = *parse_time("2026-12-07T12:00:00.000Z");
  auto [bad, kept] = after_tries(1, {400}, now);
  EXPECT_EQ(bad.status, WebhookDeliveryStatus::failed);
  EXPECT_TRUE(kept.enabled);
  EXPECT_EQ(after_tries(1, {0, "resolves to 10.0.0.1", std::nullopt, true}, now).delivery.status,
            WebhookDeliveryStatus::failed);
  auto [gone, off] = after_tries(1, {410}, now);
  EXPECT_EQ(gone.status, WebhookDeliveryStatus::failed);
  EXPECT_FALSE(off.enabled);
  EXPECT_EQ(off.disabled_reason, WebhookDisabledReason::gone);
}

TEST(WebhookRules, ThreeDaysOfFailuresTurnTheEndpointOff) {
  const auto now = *parse_time("2026-12-07T12:00:00.000Z");
  auto failing = endpoint({"*"});
  failing.failing_since = now - 72h + 1s;
  EXPECT_TRUE(after_tries(1, {503}, now, failing).webhook.enabled);
  failing.failing_since = now - 72h;
  const auto off = after_tries(1, {503}, now, failing).webhook;
  EXPECT_FALSE(off.enabled);
  EXPECT_EQ(off.disabled_reason, WebhookDisabledReason::failing);
}

TEST(WebhookRules, StatusAndReasonNamesGoBothWays) {
  for (auto status : {WebhookDeliveryStatus::pending, WebhookDeliveryStatus::ok, WebhookDeliveryStatus::failed}) {
    EXPECT_EQ(parse_webhook_delivery_status(name_of(status)), status);
  }
  EXPECT_FALSE(parse_webhook_delivery_status("sent"));
  for (auto reason : {WebhookDisabledReason::none, WebhookDisabledReason::admin, WebhookDisabledReason::gone,
                      WebhookDisabledReason::failing}) {
    EXPECT_EQ(parse_webhook_disabled_reason(name_of(reason)), reason);
  }
}

}  // namespace
}  // namespace baton::core
