// The seed's whole flow over HTTP and WebSocket: AI answers, handoff with an instant popup,
// take over, live chat, Done, Reactivate, the offline path and typed handoff phrases.
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class SeedFlow : public EveryStoreTest {};
BATON_ON_EVERY_STORE(SeedFlow);

TEST_P(SeedFlow, CustomerChatsWithAiThenAgentTakesOverFinishesAndReactivates) {
  const auto assistant = new_assistant(true);
  add_knowledge(assistant, "How much is shipping?", "Shipping is NT$100, free over NT$1,500.");
  const auto agent = new_agent("Amy");
  set_presence(agent, "online");
  auto console = agent_socket(agent);
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);

  // The AI answers from knowledge.
  send_customer(visitor, "how much is shipping");
  auto answer = widget->wait_for("message.created", message_from("ai"));
  EXPECT_EQ(str(answer.at("message").at("text")), "Shipping is NT$100, free over NT$1,500.");

  // Talk to a human: every available agent gets the popup at once.
  auto handoff = http_->post("/api/v1/widget/handoff", json::object{}, visitor.token);
  ASSERT_EQ(handoff.status, 200) << handoff.body;
  EXPECT_EQ(str(handoff.json().at("status")), "waiting");
  EXPECT_EQ(handoff.json().at("agents_online").as_int64(), 1);
  auto popup = console->wait_for("handoff.requested");
  EXPECT_EQ(str(popup.at("conversation").at("id")), visitor.conversation_id);
  EXPECT_EQ(str(popup.at("conversation").at("handoff_reason")), "button");
  widget->wait_for("message.created", system_event("handoff_requested"));

  // The Live Agent view lists it.
  auto live_view = http_->get("/api/v1/conversations?view=live_agent", agent).json();
  ASSERT_EQ(live_view.at("conversations").as_array().size(), 1u);

  // Take over: live, held by the agent; the customer is told.
  auto takeover = http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent);
  ASSERT_EQ(takeover.status, 200) << takeover.body;
  EXPECT_EQ(str(takeover.json().at("status")), "live");
  widget->wait_for("message.created", system_event("agent_joined"));

  // Live chat both ways; the AI stays silent.
  auto sent =
      http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", "Hi, I am Amy"}}, agent);
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(str(widget->wait_for("message.created", message_from("agent")).at("message").at("text")), "Hi, I am Amy");
  send_customer(visitor, "how much is shipping");
  console->wait_for("message.created", message_from("customer"));

  // Done: completed, the customer told, the AI answers again.
  auto done = http_->post("/api/v1/conversations/" + visitor.conversation_id + "/done", json::object{}, agent);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(str(done.json().at("status")), "done");
  widget->wait_for("message.created", system_event("conversation_done"));
  send_customer(visitor, "how much is shipping");
  widget->wait_for("message.created", message_from("ai"));

  // Reactivate: live again, held by the agent.
  auto reopened =
      http_->post("/api/v1/conversations/" + visitor.conversation_id + "/reactivate", json::object{}, agent);
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(str(reopened.json().at("status")), "live");
  widget->wait_for("message.created", system_event("reactivated"));

  // Only one AI answer was given while the agent held the conversation: none.
  const auto history = messages(visitor.conversation_id, agent);
  int ai_answers = 0;
  for (const auto& m : history) ai_answers += m.at("sender").as_string() == "ai" ? 1 : 0;
  EXPECT_EQ(ai_answers, 2);
  for (std::size_t i = 0; i < history.size(); ++i) EXPECT_EQ(history[i].at("seq").as_int64(), std::int64_t(i + 1));
}

TEST_P(SeedFlow, TypedPhraseHandsOverLikeTheButton) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ben");
  set_presence(agent, "online");
  auto console = agent_socket(agent);
  auto visitor = new_visitor(assistant);
  send_customer(visitor, "我要真人客服");
  auto popup = console->wait_for("handoff.requested");
  EXPECT_EQ(str(popup.at("conversation").at("handoff_reason")), "phrase");
  EXPECT_EQ(str(conversation(visitor.conversation_id, agent).at("status")), "waiting");
}

TEST_P(SeedFlow, NobodyOnDutyLeavesAMessageAnsweredOnTheNextVisit) {
  const auto assistant = new_assistant(true);
  auto visitor = new_visitor(assistant);
  auto config = http_->get("/api/v1/widget/assistants/" + assistant + "/config").json();
  EXPECT_EQ(config.at("agents_online").as_int64(), 0);

  auto handoff = http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).json();
  EXPECT_TRUE(handoff.at("offline_request").as_bool());
  auto left = http_->post("/api/v1/widget/offline_message",
                          {{"name", "Chen"}, {"contact", "chen@example.com"}, {"text", "Where is my order 123?"}},
                          visitor.token);
  ASSERT_EQ(left.status, 201) << left.body;

  // Later an agent comes on duty, sees the request with the contact, and answers.
  const auto agent = new_agent("Cleo");
  auto view = http_->get("/api/v1/conversations?view=live_agent", agent).json().at("conversations").as_array();
  ASSERT_EQ(view.size(), 1u);
  EXPECT_EQ(str(view[0].at("contact").at("name")), "Chen");
  EXPECT_EQ(str(view[0].at("contact").at("contact")), "chen@example.com");
  EXPECT_TRUE(view[0].at("offline_request").as_bool());
  ASSERT_EQ(http_
                ->post("/api/v1/conversations/" + visitor.conversation_id + "/messages",
                       {{"text", "It ships tomorrow."}}, agent)
                .status,
            201);

  // The customer returns with the same visitor token: same conversation, the answer is there.
  auto again = http_->post("/api/v1/widget/assistants/" + assistant + "/sessions", {{"visitor_token", visitor.token}});
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(str(again.json().at("conversation_id")), visitor.conversation_id);
  const auto history = visitor_messages(visitor);
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(str(history.back().at("text")), "It ships tomorrow.");
  bool told_nobody_online = false;
  for (const auto& m : history) told_nobody_online |= m.contains("event") && m.at("event") == "no_agents_online";
  EXPECT_TRUE(told_nobody_online);
}

TEST_P(SeedFlow, SettingOffMeansNobodyIsTransferred) {
  const auto assistant = new_assistant(false);
  auto visitor = new_visitor(assistant);
  auto handoff = http_->post("/api/v1/widget/handoff", json::object{}, visitor.token);
  EXPECT_EQ(handoff.status, 409);
  EXPECT_EQ(handoff.error_code(), "live_agent_disabled");
  auto widget = widget_socket(visitor);
  send_customer(visitor, "轉接真人");
  widget->wait_for("message.created", system_event("live_agent_disabled"));
  EXPECT_EQ(str(conversation(visitor.conversation_id, admin_token()).at("status")), "ai");
  auto offline = http_->post("/api/v1/widget/offline_message", {{"name", "A"}, {"contact", "a@b.c"}, {"text", "hi"}},
                             visitor.token);
  EXPECT_EQ(offline.status, 409);
  EXPECT_EQ(visitor_messages(visitor).size(), 2u);  // the customer's message and the notice, nothing more
}

TEST_P(SeedFlow, AnAgentMayJoinAnAiConversationOnTheirOwn) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Dan");
  auto visitor = new_visitor(assistant);
  send_customer(visitor, "hello");
  auto sent =
      http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", "Can I help?"}}, agent);
  ASSERT_EQ(sent.status, 201);
  auto state = conversation(visitor.conversation_id, agent);
  EXPECT_EQ(str(state.at("status")), "live");
  EXPECT_FALSE(state.at("assigned_agent_id").is_null());
}

TEST_P(SeedFlow, ConversationViewsFilterByStatus) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Eve");
  auto ai_visitor = new_visitor(assistant);
  auto live_visitor = new_visitor(assistant);
  auto done_visitor = new_visitor(assistant);
  http_->post("/api/v1/conversations/" + live_visitor.conversation_id + "/takeover", json::object{}, agent);
  http_->post("/api/v1/conversations/" + done_visitor.conversation_id + "/takeover", json::object{}, agent);
  http_->post("/api/v1/conversations/" + done_visitor.conversation_id + "/done", json::object{}, agent);
  auto ids = [&](const std::string& view) {
    std::set<std::string> out;
    const auto body = http_->get("/api/v1/conversations?view=" + view, agent).json();
    for (const auto& c : body.at("conversations").as_array()) {
      out.insert(str(c.at("id")));
    }
    return out;
  };
  EXPECT_EQ(ids("ai"), std::set<std::string>{ai_visitor.conversation_id});
  EXPECT_EQ(ids("live_agent"), std::set<std::string>{live_visitor.conversation_id});
  EXPECT_EQ(ids("done"), std::set<std::string>{done_visitor.conversation_id});
  EXPECT_EQ(ids("all").size(), 3u);
}

}  // namespace
}  // namespace baton::testing
