// Routing on the manual clock (team operations §4.1, §4.2, §4.4, §4.9): auto assignment within
// capacity, claims past capacity, requeue when an agent goes away, transfer, business hours.
#include <future>
#include <map>

#include "app_fixture.hpp"
#include "core/business_hours.hpp"
#include "core/notices.hpp"
#include "core/time.hpp"

namespace baton::app::testing {
namespace {
using namespace std::chrono_literals;

class Routing : public AppTest {
 protected:
  core::RoutingSettings automatic(std::optional<int> default_capacity = std::nullopt) {
    core::RoutingSettings routing;
    routing.mode = core::RoutingMode::automatic;
    routing.default_capacity = default_capacity;
    return routing;
  }
  std::string address(int i) { return "192.0.2." + std::to_string(i + 1); }
  core::Result<core::Message> send_as(const core::Agent& agent, const core::Id& conversation_id) {
    return run(conversations_.agent_send(actor(agent), conversation_id, "Hello from " + agent.name));
  }
};

TEST_F(Routing, AutoModeFillsEachAgentUpToCapacityAndServesTheQueueInOrderAfterDone) {
  auto assistant = add_assistant();
  set_routing(assistant, automatic(2));
  const auto a = add_agent_on_duty();
  const auto b = add_agent_on_duty();
  std::vector<core::Id> asked;
  for (int i = 0; i < 6; ++i) {
    asked.push_back(handoff(assistant, address(i)));
    clock_.advance(1s);
  }
  std::map<core::Id, int> held;
  for (int i = 0; i < 4; ++i) {
    const auto c = conversation(asked[i]);
    EXPECT_EQ(c.status, core::Status::live) << i;
    ++held[c.assigned_agent_id.value_or("")];
  }
  EXPECT_EQ(held[a.id], 2);
  EXPECT_EQ(held[b.id], 2);
  EXPECT_EQ(conversation(asked[4]).status, core::Status::waiting);
  EXPECT_EQ(conversation(asked[5]).status, core::Status::waiting);

  const auto freed = *conversation(asked[1]).assigned_agent_id;
  ASSERT_TRUE(run(conversations_.finish(actor(freed == a.id ? a : b), asked[1])).has_value());
  settle();
  EXPECT_EQ(conversation(asked[4]).status, core::Status::live) << "the first in the queue is served first";
  EXPECT_EQ(conversation(asked[4]).assigned_agent_id, freed);
  EXPECT_EQ(conversation(asked[5]).status, core::Status::waiting);
}

TEST_F(Routing, EqualLoadGoesToTheAgentAssignedLeastRecently) {
  auto assistant = add_assistant();
  set_routing(assistant, automatic(5));
  const auto a = add_agent_on_duty();
  const auto b = add_agent_on_duty();
  const auto first = handoff(assistant, address(1));
  const auto first_agent = *conversation(first).assigned_agent_id;
  ASSERT_TRUE(run(conversations_.finish(actor(first_agent == a.id ? a : b), first)).has_value());
  clock_.advance(1s);
  // Both hold nothing now; the one who just had a conversation waits their turn.
  const auto second = handoff(assistant, address(2));
  EXPECT_NE(conversation(second).assigned_agent_id, first_agent);
}

TEST_F(Routing, AutoModeAssignsOnlyMembersAndWaitsForOneToComeOnDuty) {
  auto assistant = add_assistant();
  auto other = add_assistant();
  set_routing(assistant, automatic());
  const auto outsider = add_agent_on_duty();
  set_capacity(outsider, std::nullopt, {other.id});
  const auto asked = handoff(assistant);
  EXPECT_EQ(conversation(asked).status, core::Status::waiting) << "the only agent on duty serves another assistant";
  EXPECT_FALSE(presence_.serves(outsider.id, assistant.id));

  const auto member = add_agent_on_duty();  // coming on duty runs a pass
  settle();
  EXPECT_EQ(conversation(asked).assigned_agent_id, member.id);
}

TEST_F(Routing, TheAssigneeAloneHearsConversationAssigned) {
  auto assistant = add_assistant();
  set_routing(assistant, automatic());
  const auto agent = add_agent_on_duty();
  BusRecorder mine(*bus_, bus::topics::agent(agent.id));
  BusRecorder all(*bus_, bus::topics::agents());
  const auto asked = handoff(assistant);
  ASSERT_TRUE(mine.wait_for("conversation.assigned"));
  const auto payload = mine.payloads("conversation.assigned").front();
  EXPECT_NE(payload.find("\"by\":\"auto\""), std::string::npos) << payload;
  EXPECT_NE(payload.find(asked), std::string::npos);
  EXPECT_TRUE(all.payloads("handoff.requested").empty()) << "auto mode sends no popup to race for";
}

TEST_F(Routing, ATakeoverPastCapacityIsRefusedUnlessForced) {
  auto assistant = add_assistant();
  const auto agent = add_agent_on_duty();
  set_capacity(agent, 1);
  const auto first = handoff(assistant, address(1));
  const auto second = handoff(assistant, address(2));
  ASSERT_TRUE(run(conversations_.take_over(actor(agent), first)).has_value());
  auto refused = run(conversations_.take_over(actor(agent), second));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::at_capacity);
  EXPECT_FALSE(send_as(agent, second).has_value()) << "answering takes it over: the same limit";
  EXPECT_EQ(conversation(second).status, core::Status::waiting);
  auto forced = run(conversations_.take_over(actor(agent), second, true));
  ASSERT_TRUE(forced.has_value());
  EXPECT_EQ(forced->assigned_agent_id, agent.id);
}

TEST_F(Routing, AnAdminAssigningToAFullAgentIsRefused) {
  auto assistant = add_assistant();
  const auto agent = add_agent_on_duty();
  auto admin = add_agent_on_duty();
  admin.role = core::Role::admin;
  set_capacity(agent, 1);
  const auto first = handoff(assistant, address(1));
  const auto second = handoff(assistant, address(2));
  ASSERT_TRUE(run(conversations_.assign(actor(admin), first, agent.id)).has_value());
  auto refused = run(conversations_.assign(actor(admin), second, agent.id));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::at_capacity);
  auto by_agent = run(conversations_.assign(actor(agent), second, admin.id));
  ASSERT_FALSE(by_agent.has_value());
  EXPECT_EQ(by_agent.error().code, core::ErrorCode::forbidden);
}

TEST_F(Routing, AConversationWaitingOnAnAgentWhoLeftReturnsToTheFrontOfTheQueue) {
  auto assistant = add_assistant();
  const auto gone = add_agent_on_duty();
  const auto waiting_on_agent = handoff(assistant, address(1));
  clock_.advance(1s);
  const auto agent_spoke_last = handoff(assistant, address(2));
  clock_.advance(1s);
  const auto later = handoff(assistant, address(3));
  ASSERT_TRUE(run(conversations_.take_over(actor(gone), waiting_on_agent)).has_value());
  ASSERT_TRUE(send_as(gone, agent_spoke_last).has_value());
  const auto requested_at = conversation(waiting_on_agent).handoff_requested_at;

  presence_.socket_closed(gone.id);
  clock_.advance(60s + 119s);
  presence_.tick();
  EXPECT_EQ(requeue_.sweep(), 0) << "not yet: 60 s of grace and 120 s more";
  clock_.advance(2s);
  EXPECT_EQ(requeue_.sweep(), 1);
  const auto requeued = conversation(waiting_on_agent);
  EXPECT_EQ(requeued.status, core::Status::waiting);
  EXPECT_EQ(requeued.handoff_requested_at, requested_at) << "its original place";
  EXPECT_EQ(conversation(agent_spoke_last).status, core::Status::live) << "the agent spoke last: kept";
  auto place = run(conversations_.customer_conversation({waiting_on_agent, assistant.id}));
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->queue_position, 1) << "ahead of " << later;
  const auto log = store_.begin_read()->conversation_events(waiting_on_agent, 0, 50);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back().type, core::LogEventType::requeued);
  EXPECT_NE(log.back().data.find("agent_lost"), std::string::npos);
  for (const auto& message : messages(waiting_on_agent)) {
    EXPECT_EQ(message.text.find("agent_lost"), std::string::npos) << "the customer sees nothing internal";
  }
}

TEST_F(Routing, InAutoModeARequeuedConversationGoesToAnotherAgentInOnePass) {
  auto assistant = add_assistant();
  set_routing(assistant, automatic(1));
  const auto gone = add_agent_on_duty();
  const auto asked = handoff(assistant);
  ASSERT_EQ(conversation(asked).assigned_agent_id, gone.id);
  ASSERT_TRUE(run(presence_.set_presence(gone.id, core::Presence::away)).has_value());
  const auto other = add_agent_on_duty();
  clock_.advance(121s);
  EXPECT_EQ(requeue_.sweep(), 1);
  settle();
  EXPECT_EQ(conversation(asked).status, core::Status::live);
  EXPECT_EQ(conversation(asked).assigned_agent_id, other.id);
}

TEST_F(Routing, ATransferHandsTheConversationOverAndTheCustomerSeesOnlyTheNewAgentJoin) {
  auto assistant = add_assistant();
  const auto a = add_agent_on_duty();
  const auto b = add_agent_on_duty();
  const auto asked = handoff(assistant);
  ASSERT_TRUE(run(conversations_.take_over(actor(a), asked)).has_value());
  const auto before = messages(asked).size();
  ConversationService::Transfer to_b{b.id, "NOTE-7f3a: wants a refund", false};
  auto moved = run(conversations_.transfer(actor(a), asked, to_b));
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->assigned_agent_id, b.id);

  auto refused = send_as(a, asked);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::held_by_another_agent);
  EXPECT_TRUE(send_as(b, asked).has_value());
  const auto after = messages(asked);
  ASSERT_EQ(after.size(), before + 2);
  EXPECT_EQ(after[before].event, core::SystemEvent::agent_joined);
  EXPECT_EQ(after[before].agent_name, b.name);
  for (const auto& message : after) EXPECT_EQ(message.text.find("NOTE-7f3a"), std::string::npos);
  const auto log = store_.begin_read()->conversation_events(asked, 0, 50);
  const auto transferred = std::find_if(log.begin(), log.end(), [](const core::ConversationEvent& e) {
    return e.type == core::LogEventType::transferred;
  });
  ASSERT_NE(transferred, log.end());
  EXPECT_EQ(transferred->data.find("NOTE-7f3a"), std::string::npos) << "the log names the note, never its text";
  const auto notes = store_.begin_read()->notes(asked, 10);
  ASSERT_EQ(notes.size(), 1u) << "the note travels as an internal note";
  EXPECT_NE(notes[0].text.find("NOTE-7f3a"), std::string::npos);
  EXPECT_EQ(notes[0].agent_id, a.id);
  EXPECT_NE(transferred->data.find(notes[0].id), std::string::npos);
}

TEST_F(Routing, AfterATransferTheNewAgentsFirstAnswerIsMeasuredFromTheTransfer) {
  auto assistant = add_assistant();
  const auto a = add_agent_on_duty();
  const auto b = add_agent_on_duty();
  const auto asked = handoff(assistant);
  ASSERT_TRUE(send_as(a, asked).has_value());
  clock_.advance(10s);
  ASSERT_TRUE(run(conversations_.transfer(actor(a), asked, {b.id, std::nullopt, false})).has_value());
  clock_.advance(5s);
  ASSERT_TRUE(send_as(b, asked).has_value());
  ASSERT_TRUE(send_as(b, asked).has_value());  // not a first any more
  std::vector<core::ConversationEvent> firsts;
  for (auto& event : store_.begin_read()->conversation_events(asked, 0, 50)) {
    if (event.type == core::LogEventType::agent_message_first) firsts.push_back(event);
  }
  ASSERT_EQ(firsts.size(), 2u);
  EXPECT_NE(firsts[0].data.find("\"first_of_episode\":true"), std::string::npos);
  EXPECT_EQ(firsts[1].actor_id, b.id);
  EXPECT_NE(firsts[1].data.find("\"first_of_episode\":false"), std::string::npos);
  EXPECT_EQ(firsts[1].duration_ms, 5000) << "from the transfer, not from the request";
}

TEST_F(Routing, ADisabledAgentsConversationsAllGoBackToTheQueue) {
  auto assistant = add_assistant();
  auto gone = add_agent_on_duty();
  const auto asked = handoff(assistant);
  ASSERT_TRUE(send_as(gone, asked).has_value());  // the agent spoke last: kept if they were only away
  gone.disabled = true;
  EXPECT_TRUE(store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
    txn.update_agent(gone);
    return true;
  }));
  presence_.update_agent(gone);
  ASSERT_TRUE(run(presence_.set_presence(gone.id, core::Presence::offline)).has_value());  // as disabling does
  clock_.advance(121s);
  EXPECT_EQ(requeue_.sweep(), 1);
  EXPECT_EQ(conversation(asked).status, core::Status::waiting);
}

TEST_F(Routing, OnlyTheHolderOrAnAdminTransfersAndOnlyToAnAgentOnDutyWithRoom) {
  auto assistant = add_assistant();
  const auto a = add_agent_on_duty();
  const auto b = add_agent_on_duty();
  const auto c = add_agent_on_duty();
  const auto asked = handoff(assistant);
  ASSERT_TRUE(run(conversations_.take_over(actor(a), asked)).has_value());
  auto not_holder = run(conversations_.transfer(actor(b), asked, {c.id, std::nullopt, false}));
  ASSERT_FALSE(not_holder.has_value());
  EXPECT_EQ(not_holder.error().code, core::ErrorCode::not_holder);
  ASSERT_TRUE(run(presence_.set_presence(c.id, core::Presence::offline)).has_value());
  auto off_duty = run(conversations_.transfer(actor(a), asked, {c.id, std::nullopt, false}));
  ASSERT_FALSE(off_duty.has_value());
  EXPECT_EQ(off_duty.error().code, core::ErrorCode::agent_unavailable);
  set_capacity(b, 1);
  const auto other = handoff(assistant, address(9));
  ASSERT_TRUE(run(conversations_.take_over(actor(b), other)).has_value());
  auto full = run(conversations_.transfer(actor(a), asked, {b.id, std::nullopt, false}));
  ASSERT_FALSE(full.has_value());
  EXPECT_EQ(full.error().code, core::ErrorCode::at_capacity);
  EXPECT_EQ(conversation(asked).assigned_agent_id, a.id) << "nothing changed";
}

TEST_F(Routing, ATransferToTheQueueKeepsItsPlaceAndAutoModePicksSomeoneElse) {
  auto assistant = add_assistant();
  set_routing(assistant, automatic(3));
  const auto a = add_agent_on_duty();
  const auto asked = handoff(assistant);
  ASSERT_EQ(conversation(asked).assigned_agent_id, a.id);
  const auto b = add_agent_on_duty();
  const auto requested_at = conversation(asked).handoff_requested_at;
  auto back = run(conversations_.transfer(actor(a), asked, {std::nullopt, std::nullopt, false}));
  ASSERT_TRUE(back.has_value());
  settle();
  const auto now = conversation(asked);
  EXPECT_EQ(now.assigned_agent_id, b.id) << "not straight back to the agent who let it go";
  EXPECT_EQ(now.handoff_requested_at, requested_at);
}

TEST_F(Routing, TransferAndDoneRacingHaveOneWinner) {
  auto assistant = add_assistant();
  const auto a = add_agent_on_duty();
  const auto b = add_agent_on_duty();
  for (int round = 0; round < 10; ++round) {
    const auto asked = handoff(assistant, address(round));
    ASSERT_TRUE(run(conversations_.take_over(actor(a), asked)).has_value());
    auto transfer = std::async(std::launch::async, [&] {
      return run(conversations_.transfer(actor(a), asked, {b.id, std::nullopt, false}));
    });
    auto done = std::async(std::launch::async, [&] { return run(conversations_.finish(actor(a), asked)); });
    const auto transferred = transfer.get();
    const auto finished = done.get();
    // Done after the transfer: A no longer holds it; the transfer after Done: it is not live.
    ASSERT_NE(finished.has_value(), transferred.has_value()) << "round " << round;
    const auto& loser = finished.has_value() ? transferred : finished;
    EXPECT_TRUE(loser.error().code == core::ErrorCode::held_by_another_agent ||
                loser.error().code == core::ErrorCode::invalid_state)
        << loser.error().message;
  }
}

core::BusinessHours taipei_weekdays() {
  core::BusinessHours hours;
  hours.enabled = true;
  hours.timezone = "Asia/Taipei";
  for (int day = 1; day <= 5; ++day) {
    hours.weekly.push_back({day, 9 * 60, 12 * 60});
    hours.weekly.push_back({day, 13 * 60, 18 * 60});
  }
  return hours;
}

TEST_F(Routing, OutsideBusinessHoursAHandoffLeavesAMessageNamingTheNextOpening) {
  auto assistant = add_assistant();
  assistant.business_hours = taipei_weekdays();
  set_routing(assistant, automatic());
  const auto agent = add_agent_on_duty();
  // 2027-01-15 is a Friday; 18:01 in Taipei is 10:01Z.
  const auto friday_evening = *core::parse_time("2027-01-15T10:01:00.000Z");
  clock_.advance(std::chrono::duration_cast<std::chrono::milliseconds>(friday_evening - clock_.now()));
  presence_.tick();
  EXPECT_EQ(presence_.on_duty(assistant.id), 0) << "customers see nobody outside hours";
  EXPECT_TRUE(presence_.is_available(agent.id)) << "the console still sees the agent";
  const auto asked = handoff(assistant);
  const auto c = conversation(asked);
  EXPECT_EQ(c.status, core::Status::waiting);
  EXPECT_TRUE(c.offline_request);
  EXPECT_FALSE(c.assigned_agent_id) << "auto mode pauses outside hours";
  const auto notices = messages(asked);
  ASSERT_FALSE(notices.empty());
  const auto& closed = notices.back();
  EXPECT_TRUE(closed.notice.closed);
  EXPECT_EQ(closed.notice.next_open_at, core::parse_time("2027-01-18T01:00:00.000Z"));
  EXPECT_EQ(closed.notice.time_zone, "Asia/Taipei");
  EXPECT_NE(closed.text.find("Monday at 09:00 (GMT+8)"), std::string::npos) << closed.text;
  EXPECT_NE(core::notice_for_reader(closed, "zh-TW").find("週一 09:00（GMT+8）"), std::string::npos);
}

TEST_F(Routing, AWaitOverTheWeekendCountsOnlyBusinessHoursInItsBusinessDuration) {
  auto assistant = add_assistant();
  assistant.business_hours = taipei_weekdays();
  set_routing(assistant, core::RoutingSettings{});
  const auto agent = add_agent_on_duty();
  // Friday 17:00 in Taipei (09:00Z) to Monday 10:00 (02:00Z): 65 hours, 2 of them open.
  const auto friday = *core::parse_time("2027-01-15T09:00:00.000Z");
  clock_.advance(std::chrono::duration_cast<std::chrono::milliseconds>(friday - clock_.now()));
  presence_.tick();
  const auto asked = handoff(assistant);
  ASSERT_FALSE(conversation(asked).offline_request);
  clock_.advance(65h);
  ASSERT_TRUE(run(conversations_.take_over(actor(agent), asked)).has_value());
  const auto log = store_.begin_read()->conversation_events(asked, 0, 50);
  ASSERT_EQ(log.back().type, core::LogEventType::assigned);
  EXPECT_EQ(log.back().duration_ms, std::chrono::milliseconds(65h).count());
  EXPECT_EQ(log.back().business_duration_ms, std::chrono::milliseconds(2h).count());
}

TEST_F(Routing, WidgetsHearTheTeamOpenAndCloseAsTheClockPasses) {
  auto assistant = add_assistant();
  assistant.business_hours = taipei_weekdays();
  set_routing(assistant, core::RoutingSettings{});
  add_agent_on_duty();
  BusRecorder widgets(*bus_, bus::topics::presence(assistant.id));
  // Monday 2027-01-18 08:59 in Taipei is 00:59Z.
  const auto before_opening = *core::parse_time("2027-01-18T00:59:00.000Z");
  clock_.advance(std::chrono::duration_cast<std::chrono::milliseconds>(before_opening - clock_.now()));
  presence_.tick();
  EXPECT_EQ(presence_.on_duty(assistant.id), 0);
  const auto heard = widgets.payloads("presence.updated").size();
  clock_.advance(61s);
  presence_.tick();
  ASSERT_TRUE(widgets.wait_for("presence.updated", heard + 1));
  EXPECT_NE(widgets.payloads("presence.updated").back().find("\"agents_online\":1"), std::string::npos);
  clock_.advance(3h);  // 12:00: lunch
  presence_.tick();
  ASSERT_TRUE(widgets.wait_for("presence.updated", heard + 2));
  EXPECT_NE(widgets.payloads("presence.updated").back().find("\"agents_online\":0"), std::string::npos);
}

}  // namespace
}  // namespace baton::app::testing
