// Routing through the public API on each store (team operations §4.1, §4.4, §4.9): auto mode
// under a burst of handoffs, capacity on claims, transfer, the popup only to members, business
// hours settings and their errors.
#include "support/routing_checks.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class RoutingFlow : public EveryStoreTest {
 protected:
  RoutingTeam team_of(int agents) {
    RoutingTeam team{new_assistant(true), admin_token(), {}};
    for (int i = 0; i < agents; ++i) {
      team.agent_tokens.push_back(new_agent("Agent " + std::to_string(i)));
      set_presence(team.agent_tokens.back(), "online");
      sockets_.push_back(agent_socket(team.agent_tokens.back()));
    }
    return team;
  }
  std::string id_of(const std::string& token) { return str(http_->get("/api/v1/me", token).json().at("id")); }
  Reply patch(const std::string& target, const json::object& body) {
    return http_->request("PATCH", target, json::serialize(body), admin_token());
  }

  std::vector<std::unique_ptr<SocketClient>> sockets_;
};
BATON_ON_EVERY_STORE(RoutingFlow);

TEST_P(RoutingFlow, FiftyHandoffsToFiveAgentsOfCapacityThreeFillEachToThreeAndServeTheRestInOrder) {
  const auto team = team_of(5);
  set_auto_routing(*http_, team, 3);
  std::vector<Visitor> visitors;
  for (int i = 0; i < 50; ++i) visitors.push_back(new_visitor(team.assistant_id));
  expect_capacity_respected_and_fifo({http_.get()}, team, visitors, 3);
}

TEST_P(RoutingFlow, ATakeoverPastCapacityIs409AtCapacityAndForceTakesIt) {
  const auto team = team_of(1);
  const auto& agent = team.agent_tokens.front();
  ASSERT_EQ(patch("/api/v1/agents/" + id_of(agent), {{"max_concurrent", 1}}).status, 200);
  const auto first = new_visitor(team.assistant_id);
  const auto second = new_visitor(team.assistant_id);
  const auto takeover = [&](const Visitor& visitor, const json::object& body) {
    return http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", body, agent);
  };
  EXPECT_EQ(takeover(first, {}).status, 200);
  auto refused = takeover(second, {});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.json().at("error").at("code"), "at_capacity");
  EXPECT_EQ(takeover(second, {{"force", true}}).status, 200);
  EXPECT_EQ(takeover(second, {{"force", "yes"}}).status, 400);
  auto agents = http_->get("/api/v1/agents", admin_token()).json();
  bool seen = false;
  for (const auto& listed : agents.at("agents").as_array()) {
    if (listed.at("id") != id_of(agent).c_str()) continue;
    seen = true;
    EXPECT_EQ(listed.at("live_count"), 2);
    EXPECT_EQ(listed.at("max_concurrent"), 1);
    EXPECT_EQ(listed.at("available"), true);
  }
  EXPECT_TRUE(seen);
}

TEST_P(RoutingFlow, ATransferMovesTheConversationAndTheWidgetSeesOnlyTheNewAgentJoin) {
  const auto team = team_of(2);
  const auto& ann = team.agent_tokens[0];
  const auto& bob = team.agent_tokens[1];
  auto visitor = new_visitor(team.assistant_id);
  const auto path = "/api/v1/conversations/" + visitor.conversation_id;
  ASSERT_EQ(http_->post(path + "/takeover", json::object{}, ann).status, 200);
  auto widget = widget_socket(visitor);
  auto moved = http_->post(path + "/transfer", {{"to_agent_id", id_of(bob)}, {"note", "NOTE-51c: VIP"}}, ann);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("assigned_agent_id"), id_of(bob).c_str());
  const auto joined = widget->wait_for("message.created", system_event("agent_joined"));
  EXPECT_EQ(joined.at("message").at("agent_name"), "Agent 1");
  EXPECT_EQ(http_->post(path + "/messages", {{"text", "still me"}}, ann).json().at("error").at("code"),
            "held_by_another_agent");
  EXPECT_EQ(http_->post(path + "/messages", {{"text", "hi, Bob here"}}, bob).status, 201);
  widget->wait_for("message.created", message_from("agent"));
  for (const auto& message : visitor_messages(visitor)) {
    EXPECT_EQ(json::serialize(message).find("NOTE-51c"), std::string::npos) << "a note never reaches the customer";
  }
  auto notes = http_->get(path + "/notes", bob);
  EXPECT_NE(notes.body.find("NOTE-51c"), std::string::npos) << "the note travels with the conversation, as a note";

  auto not_holder = http_->post(path + "/transfer", {{"to_queue", true}}, ann);
  EXPECT_EQ(not_holder.status, 403);
  EXPECT_EQ(not_holder.json().at("error").at("code"), "not_holder");
  EXPECT_EQ(http_->post(path + "/transfer", json::object{}, bob).status, 400) << "neither a target nor the queue";
  auto back = http_->post(path + "/transfer", {{"to_queue", true}}, bob);
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json().at("status"), "waiting");
}

TEST_P(RoutingFlow, OnlyMembersOfTheAssistantGetItsPopup) {
  const auto team = team_of(2);
  const auto other_assistant = new_assistant(true, "Other shop");
  const auto outsider = id_of(team.agent_tokens[1]);
  auto set = patch("/api/v1/agents/" + outsider, {{"assistant_ids", json::array{json::value(other_assistant)}}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("assistant_ids").as_array().size(), 1u);
  EXPECT_EQ(patch("/api/v1/agents/" + outsider, {{"assistant_ids", json::array{"asst_missing"}}}).status, 400);
  auto visitor = new_visitor(team.assistant_id);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  sockets_[0]->wait_for("handoff.requested");
  while (auto frame = sockets_[1]->next(std::chrono::milliseconds(500))) {
    EXPECT_NE(frame->at("type"), "handoff.requested") << "a non-member got the popup";
  }
}

TEST_P(RoutingFlow, AgentsHearHowManyWaitAndSinceWhen) {
  const auto team = team_of(1);
  auto& console = *sockets_.front();
  const auto visitor = new_visitor(team.assistant_id);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  const auto of_team = [&](std::int64_t waiting) {
    return [&, waiting](const json::object& e) {
      return e.contains("assistant_id") && e.at("assistant_id") == team.assistant_id.c_str() &&
             e.at("waiting").as_int64() == waiting;
    };
  };
  const auto one = console.wait_for("queue.updated", of_team(1));
  EXPECT_TRUE(one.at("oldest_waiting_since").is_string());
  ASSERT_EQ(
      http_
          ->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, team.agent_tokens[0])
          .status,
      200);
  const auto none = console.wait_for("queue.updated", of_team(0));
  EXPECT_TRUE(none.at("oldest_waiting_since").is_null());
}

TEST_P(RoutingFlow, BusinessHoursAreSetCheckedAndReported) {
  const auto assistant = new_assistant(true);
  const json::object hours{{"enabled", true},
                           {"timezone", "Asia/Taipei"},
                           {"weekly", json::array{json::object{{"day", 1}, {"open", "09:00"}, {"close", "18:00"}}}},
                           {"closed_dates", json::array{"2027-01-25"}}};
  auto set = patch("/api/v1/assistants/" + assistant, {{"business_hours", hours}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("business_hours").at("timezone"), "Asia/Taipei");
  // Friday 2027-01-15 18:01 in Taipei: closed until Monday 09:00 (01:00Z).
  auto status =
      http_->get("/api/v1/assistants/" + assistant + "/business_hours/status?at=2027-01-15T10:01:00Z", admin_token());
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json().at("open_now"), false);
  EXPECT_EQ(status.json().at("next_open_at"), "2027-01-18T01:00:00.000Z");

  auto bad_zone = hours;
  bad_zone["timezone"] = "Mars/Olympus";
  auto refused = patch("/api/v1/assistants/" + assistant, {{"business_hours", bad_zone}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json().at("error").at("code"), "invalid_timezone");
  auto bad_time = hours;
  bad_time["weekly"] = json::array{json::object{{"day", 1}, {"open", "9am"}, {"close", "18:00"}}};
  EXPECT_EQ(patch("/api/v1/assistants/" + assistant, {{"business_hours", bad_time}}).json().at("error").at("code"),
            "invalid_field");
  EXPECT_EQ(patch("/api/v1/assistants/" + assistant, {{"routing_mode", "roundrobin"}}).status, 400);
  EXPECT_EQ(patch("/api/v1/assistants/" + assistant, {{"default_capacity", 0}}).status, 400);
  EXPECT_EQ(http_->get("/api/v1/assistants/" + assistant + "/business_hours/status?at=friday", admin_token()).status,
            400);
  // Nothing of the refused changes was kept.
  EXPECT_EQ(http_->get("/api/v1/assistants/" + assistant, admin_token()).json().at("business_hours").at("timezone"),
            "Asia/Taipei");
  auto config = http_->get("/api/v1/widget/assistants/" + assistant + "/config").json();
  EXPECT_TRUE(config.as_object().contains("open_now"));
  EXPECT_TRUE(config.as_object().contains("next_open_at"));
}

}  // namespace
}  // namespace baton::testing
