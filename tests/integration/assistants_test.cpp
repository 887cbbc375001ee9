// Assistants and knowledge: settings changed by admins, knowledge taught by any agent and used
// by the AI from the next message on.
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class Assistants : public ServerTest {};

TEST_F(Assistants, AdminsChangeSettingsAndEveryAgentReadsThem) {
  const auto assistant = new_assistant(false, "Tea Shop");
  const auto agent = new_agent("Rae");
  auto patched = http_->request(
      "PATCH", "/api/v1/assistants/" + assistant,
      R"({"live_agent_enabled": true, "greeting": "  Hello!  ", "offline_message": "Leave a note"})", admin_token());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_TRUE(patched.json().at("live_agent_enabled").as_bool());
  EXPECT_EQ(patched.json().at("greeting"), "Hello!");
  EXPECT_EQ(patched.json().at("name"), "Tea Shop");  // absent fields stay

  auto one = http_->get("/api/v1/assistants/" + assistant, agent);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json().at("offline_message"), "Leave a note");
  const auto list = http_->get("/api/v1/assistants", agent).json();
  bool listed = false;
  for (const auto& a : list.at("assistants").as_array()) listed |= str(a.at("id")) == assistant;
  EXPECT_TRUE(listed);

  auto config = http_->get("/api/v1/widget/assistants/" + assistant + "/config").json();
  EXPECT_TRUE(config.at("live_agent_enabled").as_bool());
  EXPECT_EQ(config.at("greeting"), "Hello!");
}

TEST_F(Assistants, TeachingChangesTheNextAnswerAtOnce) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Sam");
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);

  send_customer(visitor, "Do you offer gift wrapping?");
  auto before = widget->wait_for("message.created", message_from("ai"));
  EXPECT_EQ(before.at("message").at("text").as_string().find("Yes"), std::string::npos);

  auto taught = http_->post("/api/v1/assistants/" + assistant + "/knowledge",
                            {{"question", "Do you offer gift wrapping?"}, {"answer", "Yes, for NT$30."}}, agent);
  ASSERT_EQ(taught.status, 201) << taught.body;
  const std::string entry = str(taught.json().at("id"));
  send_customer(visitor, "Do you offer gift wrapping?");
  EXPECT_EQ(widget->wait_for("message.created", message_from("ai")).at("message").at("text"), "Yes, for NT$30.");

  auto edited =
      http_->request("PUT", "/api/v1/assistants/" + assistant + "/knowledge/" + entry,
                     R"({"question": "Do you offer gift wrapping?", "answer": "Yes, free this month."})", agent);
  ASSERT_EQ(edited.status, 200) << edited.body;
  send_customer(visitor, "Do you offer gift wrapping?");
  EXPECT_EQ(widget->wait_for("message.created", message_from("ai")).at("message").at("text"), "Yes, free this month.");

  auto listed = http_->get("/api/v1/assistants/" + assistant + "/knowledge", agent).json();
  ASSERT_EQ(listed.at("knowledge").as_array().size(), 1u);
  EXPECT_EQ(http_->request("DELETE", "/api/v1/assistants/" + assistant + "/knowledge/" + entry, {}, agent).status, 204);
  EXPECT_TRUE(
      http_->get("/api/v1/assistants/" + assistant + "/knowledge", agent).json().at("knowledge").as_array().empty());
  send_customer(visitor, "Do you offer gift wrapping?");
  auto after = widget->wait_for("message.created", message_from("ai"));
  EXPECT_EQ(after.at("message").at("text").as_string().find("free this month"), std::string::npos);
}

TEST_F(Assistants, AiRepliesSayWhatTheyWereGroundedOn) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ivy");
  http_->post("/api/v1/assistants/" + assistant + "/knowledge",
              {{"question", "Do you offer gift wrapping?"}, {"answer", "Yes, for NT$30."}}, agent);
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "Do you offer gift wrapping?");
  auto answered = widget->wait_for("message.created", message_from("ai")).at("message");
  EXPECT_FALSE(answered.at("fallback").as_bool());
  EXPECT_TRUE(answered.as_object().contains("knowledge_id"));
  send_customer(visitor, "What is the capital of Peru?");
  auto unknown = widget->wait_for("message.created", message_from("ai")).at("message");
  EXPECT_TRUE(unknown.at("fallback").as_bool());
  EXPECT_FALSE(unknown.as_object().contains("knowledge_id"));
}

TEST_F(Assistants, TwoFallbacksInARowHandTheCustomerToAPerson) {
  const auto assistant = new_assistant(true);
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "What is the capital of Peru?");
  widget->wait_for("message.created", message_from("ai"));
  send_customer(visitor, "Who won the baseball game last night?");
  widget->wait_for("message.created", message_from("ai"));
  auto update = widget->wait_for("conversation.updated", [](const json::object& frame) {
    return frame.at("conversation").at("status") == "waiting";
  });
  EXPECT_EQ(update.at("conversation").at("handoff_reason"), "ai_fallback");
}

TEST_F(Assistants, BadKnowledgeIsRejectedAndNothingIsStored) {
  const auto assistant = new_assistant(true);
  const auto admin = admin_token();
  auto missing = http_->post("/api/v1/assistants/" + assistant + "/knowledge", {{"question", "Q?"}}, admin);
  EXPECT_EQ(missing.status, 400);
  auto blank =
      http_->post("/api/v1/assistants/" + assistant + "/knowledge", {{"question", " "}, {"answer", "A"}}, admin);
  EXPECT_EQ(blank.status, 400);
  auto unknown = http_->post("/api/v1/assistants/asst_nope/knowledge", {{"question", "Q?"}, {"answer", "A"}}, admin);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(
      http_->get("/api/v1/assistants/" + assistant + "/knowledge", admin).json().at("knowledge").as_array().empty());
}

}  // namespace
}  // namespace baton::testing
