// Every state of the conversation machine against every action, legal and illegal.
#include "core/conversation_rules.hpp"

#include <gtest/gtest.h>

namespace baton::core {
namespace {

const TimePoint kNow{std::chrono::milliseconds{1'700'000'000'000}};
const Actor kAlice{"agent_alice", Role::agent};
const Actor kBob{"agent_bob", Role::agent};
const Actor kAdmin{"agent_admin", Role::admin};

Assistant assistant(bool live_agent_enabled) {
  Assistant a;
  a.id = "asst_1";
  a.live_agent_enabled = live_agent_enabled;
  return a;
}

Conversation conversation(Status status, std::optional<Id> holder = std::nullopt) {
  Conversation c;
  c.id = "conv_1";
  c.status = status;
  c.assigned_agent_id = std::move(holder);
  return c;
}

TEST(RequestHandoff, FromAiGoesToWaitingWithNotice) {
  auto result = request_handoff(conversation(Status::ai), assistant(true), HandoffReason::button, true, kNow);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->changed);
  EXPECT_EQ(result->conversation.status, Status::waiting);
  EXPECT_EQ(result->conversation.handoff_reason, HandoffReason::button);
  EXPECT_EQ(result->conversation.handoff_requested_at, kNow);
  EXPECT_FALSE(result->conversation.offline_request);
  EXPECT_EQ(result->notices, std::vector<SystemEvent>{SystemEvent::handoff_requested});
}

TEST(RequestHandoff, WithNobodyOnDutyIsAnOfflineRequest) {
  auto result = request_handoff(conversation(Status::ai), assistant(true), HandoffReason::phrase, false, kNow);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->conversation.offline_request);
  EXPECT_EQ(result->notices, (std::vector<SystemEvent>{SystemEvent::handoff_requested, SystemEvent::no_agents_online}));
}

TEST(RequestHandoff, FromDoneReopensTheQueue) {
  auto result = request_handoff(conversation(Status::done), assistant(true), HandoffReason::button, true, kNow);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->conversation.status, Status::waiting);
}

TEST(CancelRequest, AWaitingLiveRequestGoesBackToTheAiAsAbandoned) {
  auto waiting = conversation(Status::waiting);
  waiting.handoff_reason = HandoffReason::button;
  waiting.handoff_requested_at = kNow;
  auto result = cancel_request(waiting, kNow);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->conversation.status, Status::ai);
  EXPECT_FALSE(result->conversation.handoff_requested_at);
  EXPECT_EQ(result->conversation.handoff_reason, HandoffReason::none);
  EXPECT_TRUE(result->notices.empty());
  ASSERT_EQ(result->log.size(), 1u);
  EXPECT_EQ(result->log[0].type, LogEventType::abandoned);
  EXPECT_EQ(result->log[0].reason, "cancelled");
}

TEST(CancelRequest, NothingTakenOrLeftForTheTeamCanBeWithdrawn) {
  for (auto status : {Status::ai, Status::live, Status::done}) {
    EXPECT_EQ(cancel_request(conversation(status), kNow).error().code, ErrorCode::invalid_state);
  }
  EXPECT_FALSE(cancel_request(conversation(Status::waiting, "agent_alice"), kNow)) << "given to an agent";
  auto left = conversation(Status::waiting);
  left.offline_request = true;
  EXPECT_FALSE(cancel_request(left, kNow)) << "a message left for the team";
}

TEST(RequestHandoff, WhenSettingIsOffIsRefused) {
  for (auto status : {Status::ai, Status::waiting, Status::live, Status::done}) {
    auto result = request_handoff(conversation(status), assistant(false), HandoffReason::button, true, kNow);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::live_agent_disabled);
  }
}

TEST(RequestHandoff, WhileWaitingOrLiveChangesNothing) {
  for (auto status : {Status::waiting, Status::live}) {
    auto before = conversation(status, status == Status::live ? std::optional<Id>("agent_alice") : std::nullopt);
    auto result = request_handoff(before, assistant(true), HandoffReason::button, true, kNow);
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->changed);
    EXPECT_EQ(result->conversation.status, status);
    EXPECT_TRUE(result->notices.empty());
  }
}

TEST(TakeOver, FromAiOrWaitingHoldsItForTheAgent) {
  for (auto status : {Status::ai, Status::waiting}) {
    auto result = take_over(conversation(status), kAlice, kNow);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->conversation.status, Status::live);
    EXPECT_EQ(result->conversation.assigned_agent_id, "agent_alice");
    EXPECT_EQ(result->notices, std::vector<SystemEvent>{SystemEvent::agent_joined});
  }
}

TEST(TakeOver, ByTheHolderAgainChangesNothing) {
  auto result = take_over(conversation(Status::live, "agent_alice"), kAlice, kNow);
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->changed);
}

TEST(TakeOver, OfAConversationHeldByAnotherIsAConflict) {
  auto result = take_over(conversation(Status::live, "agent_alice"), kBob, kNow);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::held_by_another_agent);
  auto by_admin = take_over(conversation(Status::live, "agent_alice"), kAdmin, kNow);
  ASSERT_FALSE(by_admin);
  EXPECT_EQ(by_admin.error().code, ErrorCode::held_by_another_agent);
}

TEST(TakeOver, OfADoneConversationNeedsReactivate) {
  auto result = take_over(conversation(Status::done), kAlice, kNow);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::conversation_done);
}

TEST(AgentMessage, TakesOverFirstWhenNobodyHoldsIt) {
  for (auto status : {Status::ai, Status::waiting}) {
    auto result = prepare_agent_message(conversation(status), kAlice, kNow);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->conversation.status, Status::live);
    EXPECT_EQ(result->conversation.assigned_agent_id, "agent_alice");
  }
}

TEST(AgentMessage, IsRefusedOnDoneAndOnAnotherAgentsConversation) {
  EXPECT_EQ(prepare_agent_message(conversation(Status::done), kAlice, kNow).error().code, ErrorCode::conversation_done);
  EXPECT_EQ(prepare_agent_message(conversation(Status::live, "agent_bob"), kAlice, kNow).error().code,
            ErrorCode::held_by_another_agent);
}

TEST(Finish, ByTheHolderCompletesAndClearsTheHolder) {
  auto result = finish(conversation(Status::live, "agent_alice"), kAlice, kNow);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->conversation.status, Status::done);
  EXPECT_FALSE(result->conversation.assigned_agent_id);
  EXPECT_EQ(result->notices, std::vector<SystemEvent>{SystemEvent::conversation_done});
}

TEST(Finish, ByAnotherAgentIsRefusedButAnAdminMay) {
  EXPECT_EQ(finish(conversation(Status::live, "agent_alice"), kBob, kNow).error().code,
            ErrorCode::held_by_another_agent);
  EXPECT_TRUE(finish(conversation(Status::live, "agent_alice"), kAdmin, kNow));
}

TEST(Finish, OfAWaitingRequestClosesIt) {
  auto before = conversation(Status::waiting);
  before.offline_request = true;
  auto result = finish(before, kBob, kNow);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->conversation.status, Status::done);
  EXPECT_FALSE(result->conversation.offline_request);
}

TEST(Finish, OfAnAiOrDoneConversationIsRefused) {
  EXPECT_EQ(finish(conversation(Status::ai), kAlice, kNow).error().code, ErrorCode::invalid_state);
  EXPECT_EQ(finish(conversation(Status::done), kAlice, kNow).error().code, ErrorCode::conversation_done);
}

TEST(Reactivate, ReopensADoneConversationForTheCaller) {
  auto result = reactivate(conversation(Status::done), kBob, kNow, Load{});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->conversation.status, Status::live);
  EXPECT_EQ(result->conversation.assigned_agent_id, "agent_bob");
  EXPECT_EQ(result->notices, std::vector<SystemEvent>{SystemEvent::reactivated});
}

TEST(Reactivate, OfAnyOtherStateIsRefused) {
  for (auto status : {Status::ai, Status::waiting, Status::live}) {
    auto result = reactivate(conversation(status, "agent_alice"), kAlice, kNow, Load{});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::invalid_state);
  }
}

TEST(AiAnswers, OnlyWhenNoPersonIsExpected) {
  EXPECT_TRUE(ai_answers(conversation(Status::ai)));
  EXPECT_TRUE(ai_answers(conversation(Status::done)));
  EXPECT_FALSE(ai_answers(conversation(Status::waiting)));
  EXPECT_FALSE(ai_answers(conversation(Status::live)));
}

TEST(Roles, OnlyAdminsManage) {
  EXPECT_TRUE(may_manage_assistants(Role::admin));
  EXPECT_FALSE(may_manage_assistants(Role::agent));
  EXPECT_TRUE(may_manage_agents(Role::admin));
  EXPECT_FALSE(may_manage_agents(Role::agent));
}

}  // namespace
}  // namespace baton::core

namespace baton::core {
namespace {

TEST(RequestHandoff, ALeftMessageIsAnOfflineRequestWithoutTheNoAgentsNotice) {
  Assistant a;
  a.live_agent_enabled = true;
  Conversation c;
  auto result = request_handoff(c, a, HandoffReason::offline_message, true, TimePoint{});
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->conversation.offline_request);
  EXPECT_EQ(result->notices, std::vector<SystemEvent>{SystemEvent::handoff_requested});
}

TEST(RequestHandoff, AMessageLeftWhileWaitingMakesItAnOfflineRequest) {
  auto waiting = conversation(Status::waiting);
  waiting.handoff_reason = HandoffReason::button;
  waiting.handoff_requested_at = kNow - std::chrono::minutes(1);
  auto result = request_handoff(waiting, assistant(true), HandoffReason::offline_message, false, kNow);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->changed);
  EXPECT_EQ(result->conversation.status, Status::waiting);
  EXPECT_EQ(result->conversation.handoff_reason, HandoffReason::offline_message);
  EXPECT_TRUE(result->conversation.offline_request);
  EXPECT_EQ(result->conversation.handoff_requested_at, waiting.handoff_requested_at);  // keeps its place
  EXPECT_TRUE(result->notices.empty());
}

Message reply(Sender sender, bool fallback = false) {
  Message m;
  m.sender = sender;
  m.ai_fallback = fallback;
  return m;
}

TEST(FallbackStreak, TwoFallbacksInARowCallForAPerson) {
  EXPECT_TRUE(fallbacks_call_for_person(
      {reply(Sender::customer), reply(Sender::ai, true), reply(Sender::customer), reply(Sender::ai, true)}));
  EXPECT_FALSE(fallbacks_call_for_person({reply(Sender::customer), reply(Sender::ai, true)}));
  // An answer between them, or a person's message, breaks the streak.
  EXPECT_FALSE(fallbacks_call_for_person({reply(Sender::ai, true), reply(Sender::ai, false), reply(Sender::ai, true)}));
  EXPECT_FALSE(fallbacks_call_for_person({reply(Sender::ai, true), reply(Sender::system), reply(Sender::ai, true)}));
  EXPECT_FALSE(fallbacks_call_for_person({}));
}

TEST(CustomerMessage, OutcomeDependsOnStateSettingAndIntent) {
  Assistant on;
  on.live_agent_enabled = true;
  Assistant off;
  Conversation c;
  for (auto status : {Status::ai, Status::done}) {
    c.status = status;
    EXPECT_EQ(customer_message_outcome(c, on, false), CustomerMessageOutcome::ai_answers);
    EXPECT_EQ(customer_message_outcome(c, on, true), CustomerMessageOutcome::handoff);
    EXPECT_EQ(customer_message_outcome(c, off, true), CustomerMessageOutcome::live_agent_disabled);
    // Kept for the agents (a sticker; past the rate on LINE): nothing is set off, even a request.
    EXPECT_EQ(customer_message_outcome(c, on, false, MessageReach::kept_for_agents),
              CustomerMessageOutcome::for_agents);
    EXPECT_EQ(customer_message_outcome(c, on, true, MessageReach::kept_for_agents), CustomerMessageOutcome::for_agents);
  }
  for (auto status : {Status::waiting, Status::live}) {
    c.status = status;
    EXPECT_EQ(customer_message_outcome(c, on, true), CustomerMessageOutcome::for_agents);
    EXPECT_EQ(customer_message_outcome(c, on, false), CustomerMessageOutcome::for_agents);
  }
}

// What each change declares for the conversation event log: types in order, who acted, and the
// agent concerned.
std::vector<LogEventType> types_of(const Transition& transition) {
  std::vector<LogEventType> types;
  for (const auto& event : transition.log) types.push_back(event.type);
  return types;
}

TEST(EventLog, AHandoffIsLoggedAsTheCustomersOrTheAisRequest) {
  auto asked = request_handoff(conversation(Status::ai), assistant(true), HandoffReason::button, true, kNow);
  ASSERT_TRUE(asked);
  EXPECT_EQ(types_of(*asked), std::vector<LogEventType>{LogEventType::handoff_requested});
  EXPECT_EQ(asked->log[0].actor, ActorType::customer);
  auto by_ai = request_handoff(conversation(Status::done), assistant(true), HandoffReason::ai_transfer, true, kNow);
  ASSERT_TRUE(by_ai);
  EXPECT_EQ(by_ai->log[0].actor, ActorType::ai);
  auto left = request_handoff(conversation(Status::ai), assistant(true), HandoffReason::offline_message, false, kNow);
  ASSERT_TRUE(left);
  EXPECT_EQ(types_of(*left),
            (std::vector<LogEventType>{LogEventType::handoff_requested, LogEventType::offline_message}));
  // Asked while nobody was on duty, then left the message: only the message is new.
  auto waiting = conversation(Status::waiting);
  waiting.handoff_reason = HandoffReason::button;
  auto then_left = request_handoff(waiting, assistant(true), HandoffReason::offline_message, false, kNow);
  ASSERT_TRUE(then_left);
  EXPECT_EQ(types_of(*then_left), std::vector<LogEventType>{LogEventType::offline_message});
  // Nothing changes, nothing is logged.
  auto again = request_handoff(waiting, assistant(true), HandoffReason::button, true, kNow);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->log.empty());
}

TEST(EventLog, ClaimsDoneAndReactivationNameTheAgents) {
  auto claimed = take_over(conversation(Status::waiting), kAlice, kNow);
  ASSERT_TRUE(claimed);
  ASSERT_EQ(types_of(*claimed), std::vector<LogEventType>{LogEventType::assigned});
  EXPECT_EQ(claimed->log[0].actor, ActorType::agent);
  EXPECT_EQ(claimed->log[0].actor_id, kAlice.agent_id);
  EXPECT_EQ(claimed->log[0].agent_id, kAlice.agent_id);
  EXPECT_EQ(claimed->log[0].by, AssignedBy::claim);
  EXPECT_TRUE(take_over(conversation(Status::live, kAlice.agent_id), kAlice, kNow)->log.empty());

  // An admin closing Alice's conversation: the admin acted, Alice held it.
  auto done = finish(conversation(Status::live, kAlice.agent_id), kAdmin, kNow);
  ASSERT_TRUE(done);
  ASSERT_EQ(types_of(*done), std::vector<LogEventType>{LogEventType::done});
  EXPECT_EQ(done->log[0].actor_id, kAdmin.agent_id);
  EXPECT_EQ(done->log[0].agent_id, kAlice.agent_id);

  auto reopened = reactivate(conversation(Status::done), kBob, kNow, Load{});
  ASSERT_TRUE(reopened);
  ASSERT_EQ(types_of(*reopened), (std::vector<LogEventType>{LogEventType::reactivated, LogEventType::assigned}));
  EXPECT_EQ(reopened->log[1].agent_id, kBob.agent_id);
  EXPECT_EQ(reopened->log[1].by, AssignedBy::reactivate);
}

TEST(Queue, OnlyAWaitingLiveRequestIsRanked) {
  auto asked = request_handoff(conversation(Status::ai), assistant(true), HandoffReason::button, true, kNow);
  ASSERT_TRUE(asked);
  EXPECT_TRUE(ranked_in_queue(asked->conversation));
  auto nobody_on_duty = request_handoff(conversation(Status::ai), assistant(true), HandoffReason::button, false, kNow);
  ASSERT_TRUE(nobody_on_duty);
  EXPECT_FALSE(ranked_in_queue(nobody_on_duty->conversation)) << "an offline request waits unranked";
  EXPECT_FALSE(ranked_in_queue(take_over(asked->conversation, kAlice, kNow)->conversation));
  EXPECT_FALSE(ranked_in_queue(conversation(Status::waiting))) << "no request time: nothing to rank by";
}

}  // namespace
}  // namespace baton::core
