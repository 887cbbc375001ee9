// The pick of auto mode and the routing rules of the state machine, each with a counter-example.
#include "core/routing.hpp"

#include <gtest/gtest.h>

#include "core/conversation_rules.hpp"

namespace baton::core {
namespace {

TimePoint at(int seconds) { return TimePoint(std::chrono::seconds(1'800'000'000 + seconds)); }

Candidate candidate(std::string id, int live, std::optional<int> capacity, std::optional<TimePoint> last = {}) {
  return Candidate{std::move(id), Load{live, capacity}, last};
}

std::vector<QueuedConversation> queue_of(int count) {
  std::vector<QueuedConversation> queue;
  for (int i = 0; i < count; ++i) queue.push_back({"conv" + std::to_string(i), std::nullopt});
  return queue;
}

TEST(RoutingPick, TheFewestLiveConversationsWin) {
  const auto plan = plan_assignments(queue_of(1), {candidate("a", 2, 5), candidate("b", 1, 5)}, at(0));
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].agent_id, "b");
}

TEST(RoutingPick, OnATieTheLeastRecentlyAssignedWinsThenTheId) {
  auto plan = plan_assignments(queue_of(1), {candidate("a", 1, 5, at(20)), candidate("b", 1, 5, at(10))}, at(30));
  EXPECT_EQ(plan.at(0).agent_id, "b");
  plan = plan_assignments(queue_of(1), {candidate("b", 1, 5), candidate("a", 1, 5)}, at(30));
  EXPECT_EQ(plan.at(0).agent_id, "a") << "never assigned, equal: by id";
  plan = plan_assignments(queue_of(1), {candidate("a", 1, 5, at(1)), candidate("b", 1, 5)}, at(30));
  EXPECT_EQ(plan.at(0).agent_id, "b") << "never assigned comes before assigned long ago";
}

TEST(RoutingPick, NobodyIsGivenMoreThanTheirCapacityAndTheRestWait) {
  const auto plan = plan_assignments(queue_of(10), {candidate("a", 0, 3), candidate("b", 2, 3)}, at(0));
  ASSERT_EQ(plan.size(), 4u);
  int a = 0;
  for (const auto& assignment : plan) a += assignment.agent_id == "a" ? 1 : 0;
  EXPECT_EQ(a, 3);
  EXPECT_EQ(plan.back().conversation_id, "conv3") << "in queue order";
}

TEST(RoutingPick, UnlimitedCapacityStillSpreadsTheLoad) {
  const auto plan =
      plan_assignments(queue_of(4), {candidate("a", 0, std::nullopt), candidate("b", 0, std::nullopt)}, at(0));
  ASSERT_EQ(plan.size(), 4u);
  EXPECT_NE(plan[0].agent_id, plan[1].agent_id);
}

TEST(RoutingPick, AConversationHandedBackGoesElsewhereUnlessNobodyElseHasRoom) {
  std::vector<QueuedConversation> queue{{"conv", std::string("a")}};
  auto plan = plan_assignments(queue, {candidate("a", 0, 3), candidate("b", 2, 3)}, at(0));
  EXPECT_EQ(plan.at(0).agent_id, "b");
  plan = plan_assignments(queue, {candidate("a", 0, 3), candidate("b", 3, 3)}, at(0));
  EXPECT_EQ(plan.at(0).agent_id, "a") << "b is full: back to a rather than nobody";
}

TEST(RoutingMembership, AnEmptyListServesEveryAssistantAndADisabledAccountNone) {
  Agent agent;
  EXPECT_TRUE(serves(agent, "asst_1"));
  agent.assistant_ids = {"asst_2"};
  EXPECT_FALSE(serves(agent, "asst_1"));
  EXPECT_TRUE(serves(agent, "asst_2"));
  agent.disabled = true;
  EXPECT_FALSE(serves(agent, "asst_2"));
}

TEST(RoutingMembership, TheAgentsOwnCapacityComesBeforeTheAssistantsDefault) {
  Agent agent;
  RoutingSettings routing;
  EXPECT_EQ(capacity_of(agent, routing), std::nullopt);
  routing.default_capacity = 4;
  EXPECT_EQ(capacity_of(agent, routing), 4);
  agent.max_concurrent = 2;
  EXPECT_EQ(capacity_of(agent, routing), 2);
}

Conversation live_with(const Id& agent_id) {
  Conversation conversation;
  conversation.id = "conv";
  conversation.status = Status::live;
  conversation.assigned_agent_id = agent_id;
  conversation.handoff_requested_at = at(0);
  return conversation;
}

TEST(RoutingRules, ATransferNeedsTheHolderAnAgentOnDutyAndRoom) {
  const auto conversation = live_with("a");
  TransferTarget to_b{Assignee{"b", Load{0, 2}}, true, false, std::nullopt};
  auto moved = transfer(conversation, Actor{"a", Role::agent}, to_b, at(5));
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->conversation.assigned_agent_id, "b");
  EXPECT_EQ(moved->notices, std::vector<SystemEvent>{SystemEvent::agent_joined});

  EXPECT_EQ(transfer(conversation, Actor{"c", Role::agent}, to_b, at(5)).error().code, ErrorCode::not_holder);
  EXPECT_TRUE(transfer(conversation, Actor{"c", Role::admin}, to_b, at(5)).has_value()) << "an admin may";
  auto away = to_b;
  away.available = false;
  EXPECT_EQ(transfer(conversation, Actor{"a", Role::agent}, away, at(5)).error().code, ErrorCode::agent_unavailable);
  auto full = to_b;
  full.agent->load = Load{2, 2};
  EXPECT_EQ(transfer(conversation, Actor{"a", Role::agent}, full, at(5)).error().code, ErrorCode::at_capacity);
  full.force = true;
  EXPECT_EQ(transfer(conversation, Actor{"a", Role::agent}, full, at(5)).error().code, ErrorCode::at_capacity)
      << "only an admin forces a transfer";
  EXPECT_TRUE(transfer(conversation, Actor{"x", Role::admin}, full, at(5)).has_value());
  auto waiting = conversation;
  waiting.status = Status::waiting;
  EXPECT_EQ(transfer(waiting, Actor{"a", Role::agent}, to_b, at(5)).error().code, ErrorCode::invalid_state);
}

TEST(RoutingRules, BackToTheQueueKeepsTheOriginalRequestTimeAndTellsTheCustomerNothing) {
  const auto conversation = live_with("a");
  auto back = transfer(conversation, Actor{"a", Role::agent}, TransferTarget{}, at(50));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->conversation.status, Status::waiting);
  EXPECT_EQ(back->conversation.handoff_requested_at, at(0));
  EXPECT_TRUE(back->notices.empty());
  auto requeued = requeue(conversation, "a", at(60));
  ASSERT_TRUE(requeued.has_value());
  EXPECT_EQ(requeued->conversation.handoff_requested_at, at(0));
  EXPECT_TRUE(requeued->notices.empty());
  ASSERT_EQ(requeued->log.size(), 1u);
  EXPECT_EQ(requeued->log[0].reason, "agent_lost");
  EXPECT_FALSE(requeue(conversation, "b", at(60))->changed) << "only the holder's loss requeues";
}

TEST(RoutingRequeue, TheDelayRunsFromTheLeavingOrALaterAssignment) {
  EXPECT_FALSE(requeue_delay_over(at(0), std::nullopt, 120, at(119)));
  EXPECT_TRUE(requeue_delay_over(at(0), std::nullopt, 120, at(120)));
  EXPECT_FALSE(requeue_delay_over(at(0), at(100), 120, at(200))) << "given to someone already away at 100";
  EXPECT_TRUE(requeue_delay_over(at(0), at(100), 120, at(220)));
  EXPECT_FALSE(requeue_delay_over(at(0), std::nullopt, 0, at(100'000))) << "0: never";
}

TEST(RoutingRequeue, OnlyACustomerWaitingOnTheAgentGoesBackUnlessTheAccountIsDisabled) {
  EXPECT_TRUE(requeue_on_loss(false, 3, std::nullopt)) << "the agent never answered";
  EXPECT_TRUE(requeue_on_loss(false, 7, 5)) << "the customer wrote last";
  EXPECT_FALSE(requeue_on_loss(false, 5, 7)) << "the agent spoke last: a finished exchange stays";
  EXPECT_TRUE(requeue_on_loss(true, 5, 7)) << "a disabled account will not come back";
}

TEST(RoutingRules, AClaimPastCapacityNeedsForce) {
  Conversation waiting;
  waiting.status = Status::waiting;
  EXPECT_EQ(take_over(waiting, Actor{"a", Role::agent}, at(1), Load{3, 3}).error().code, ErrorCode::at_capacity);
  EXPECT_TRUE(take_over(waiting, Actor{"a", Role::agent}, at(1), Load{3, 3}, true).has_value());
  EXPECT_TRUE(take_over(waiting, Actor{"a", Role::agent}, at(1), Load{2, 3}).has_value());
  Conversation done;
  done.status = Status::done;
  EXPECT_EQ(reactivate(done, Actor{"a", Role::agent}, at(1), Load{3, 3}).error().code, ErrorCode::at_capacity);
  EXPECT_TRUE(reactivate(done, Actor{"a", Role::agent}, at(1), Load{3, 3}, true).has_value());
}

TEST(RoutingRules, AnEpisodeNobodyAskedForQueuesFromWhenItBegan) {
  Conversation old;
  old.status = Status::done;
  old.handoff_requested_at = at(-86'400);  // last week's request
  auto reopened = reactivate(old, Actor{"a", Role::agent}, at(10), Load{});
  ASSERT_TRUE(reopened.has_value());
  auto back = requeue(reopened->conversation, "a", at(20));
  EXPECT_EQ(back->conversation.handoff_requested_at, at(10)) << "not ahead of today's customers";
}

}  // namespace
}  // namespace baton::core
