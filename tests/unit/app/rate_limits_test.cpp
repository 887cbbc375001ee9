// The per-conversation and per-address limits on the manual clock: past the allowance a clear
// 429 with the seconds to wait, and the allowance back once the clock has moved that long.
#include "app_fixture.hpp"

namespace baton::app::testing {
namespace {
using namespace std::chrono_literals;

class RateLimits : public AppTest {};

TEST_F(RateLimits, ACustomerPastTheirRateWaitsForTheBucketToRefill) {
  const auto assistant = add_assistant(false);
  const auto visitor = new_visitor(assistant);
  // The fixture allows a burst of 5, then one a second.
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(run(conversations_.customer_send(visitor, "hello " + std::to_string(i), std::nullopt)).has_value());
  }
  auto refused = run(conversations_.customer_send(visitor, "one too many", std::nullopt));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::rate_limited);

  clock_.advance(1s);
  EXPECT_TRUE(run(conversations_.customer_send(visitor, "after a second", std::nullopt)).has_value());
  EXPECT_FALSE(run(conversations_.customer_send(visitor, "and at once again", std::nullopt)).has_value());
}

TEST_F(RateLimits, NewChatsFromOneAddressMeet429UntilTheMinuteMoves) {
  const auto assistant = add_assistant();
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(run(conversations_.start_session(assistant.id, std::nullopt, "198.51.100.7")).has_value()) << i;
  }
  auto refused = run(conversations_.start_session(assistant.id, std::nullopt, "198.51.100.7"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::rate_limited);
  EXPECT_GE(refused.error().retry_after_seconds, 1);
  EXPECT_LE(refused.error().retry_after_seconds, 2);

  // Another address is not held back by this one.
  EXPECT_TRUE(run(conversations_.start_session(assistant.id, std::nullopt, "198.51.100.8")).has_value());
  // 30 a minute: one more every 2 s.
  clock_.advance(std::chrono::seconds(refused.error().retry_after_seconds));
  EXPECT_TRUE(run(conversations_.start_session(assistant.id, std::nullopt, "198.51.100.7")).has_value());
}

TEST_F(RateLimits, AReturningVisitorIsNeverCountedAsANewChat) {
  const auto assistant = add_assistant();
  auto first = run(conversations_.start_session(assistant.id, std::nullopt, "198.51.100.9"));
  ASSERT_TRUE(first.has_value());
  for (int i = 0; i < 100; ++i) {
    auto again = run(conversations_.start_session(assistant.id, first->visitor_token, "198.51.100.9"));
    ASSERT_TRUE(again.has_value()) << i;
    EXPECT_EQ(again->conversation_id, first->conversation_id);
  }
}

}  // namespace
}  // namespace baton::app::testing
