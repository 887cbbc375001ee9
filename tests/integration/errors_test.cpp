// Bad input of every kind gets the error shape of API.md and stores nothing.
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class BadInput : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    assistant_ = new_assistant(true);
    visitor_ = new_visitor(assistant_);
  }

  void expect_error(const Reply& reply, int status, const std::string& code) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.error_code(), code) << reply.body;
    auto body = reply.json();
    EXPECT_TRUE(body.at("error").at("message").is_string());
  }

  std::size_t stored_messages() { return visitor_messages(visitor_).size(); }

  std::string assistant_;
  Visitor visitor_;
};

TEST_F(BadInput, MalformedJsonWrongTypesAndMissingFieldsAre400) {
  expect_error(http_->request("POST", "/api/v1/widget/messages", "{not json", visitor_.token), 400, "invalid_json");
  expect_error(http_->request("POST", "/api/v1/widget/messages", "[1,2]", visitor_.token), 400, "invalid_json");
  expect_error(http_->request("POST", "/api/v1/widget/messages", R"({"text": 5})", visitor_.token), 400,
               "invalid_field");
  expect_error(http_->request("POST", "/api/v1/widget/messages", R"({"txt": "hi"})", visitor_.token), 400,
               "invalid_field");
  expect_error(http_->request("POST", "/api/v1/widget/messages", R"({"text": "hi", "client_id": 7})", visitor_.token),
               400, "invalid_field");
  expect_error(http_->request("POST", "/api/v1/widget/messages", R"({"text": "hi", "client_id": ""})", visitor_.token),
               400, "invalid_field");
  expect_error(
      http_->request("POST", "/api/v1/widget/messages", std::string(100, '[') + std::string(100, ']'), visitor_.token),
      400, "invalid_json");
  EXPECT_EQ(stored_messages(), 0u);
}

TEST_F(BadInput, BlankTooLongAndInvalidTextAreRejected) {
  expect_error(http_->post("/api/v1/widget/messages", {{"text", " \n\t\u3000"}}, visitor_.token), 400, "invalid_field");
  std::string long_text;
  for (int i = 0; i < 4001; ++i) long_text += "字";
  expect_error(http_->post("/api/v1/widget/messages", {{"text", long_text}}, visitor_.token), 400, "text_too_long");
  expect_error(http_->request("POST", "/api/v1/widget/messages", "{\"text\": \"bad \xff\"}", visitor_.token), 400,
               "invalid_json");
  EXPECT_EQ(stored_messages(), 0u);
}

TEST_F(BadInput, BodiesOver64KiBAre413) {
  const std::string huge = "{\"text\": \"" + std::string(70 * 1024, 'a') + "\"}";
  expect_error(http_->request("POST", "/api/v1/widget/messages", huge, visitor_.token), 413, "payload_too_large");
  EXPECT_EQ(stored_messages(), 0u);
}

TEST_F(BadInput, UnknownIdsAre404) {
  const auto admin = admin_token();
  expect_error(http_->get("/api/v1/conversations/conv_nope", admin), 404, "not_found");
  expect_error(http_->post("/api/v1/conversations/conv_nope/takeover", json::object{}, admin), 404, "not_found");
  expect_error(http_->get("/api/v1/assistants/asst_nope", admin), 404, "not_found");
  expect_error(http_->post("/api/v1/widget/assistants/asst_nope/sessions", json::object{}), 404, "not_found");
  expect_error(http_->get("/api/v1/widget/assistants/asst_nope/config"), 404, "not_found");
  expect_error(http_->request("DELETE", "/api/v1/assistants/" + assistant_ + "/knowledge/kn_nope", {}, admin), 404,
               "not_found");
  expect_error(http_->get("/api/v1/nothing-here"), 404, "not_found");
  expect_error(http_->request("DELETE", "/api/v1/conversations", {}, admin), 405, "method_not_allowed");
}

TEST_F(BadInput, MissingForgedOrForeignTokensAre401) {
  expect_error(http_->get("/api/v1/me"), 401, "unauthorized");
  expect_error(http_->get("/api/v1/me", "forged-token"), 401, "unauthorized");
  expect_error(http_->get("/api/v1/conversations", visitor_.token), 401, "unauthorized");  // a visitor is no agent
  expect_error(http_->post("/api/v1/widget/messages", {{"text", "hi"}}, "forged"), 401, "unauthorized");
  expect_error(http_->post("/api/v1/widget/messages", {{"text", "hi"}}, admin_token()), 401, "unauthorized");
  expect_error(http_->post("/api/v1/auth/login", {{"email", "admin@demo.baton"}, {"password", "wrong password"}}), 401,
               "unauthorized");
  EXPECT_EQ(refused_upgrade_status(server_->port(), "/api/v1/agent/ws", "forged"), 401);
  EXPECT_EQ(refused_upgrade_status(server_->port(), "/api/v1/widget/ws?token=forged"), 401);
  EXPECT_EQ(stored_messages(), 0u);
}

TEST_F(BadInput, AVisitorReachesOnlyItsOwnConversation) {
  auto other = new_visitor(assistant_);
  send_customer(other, "my secret order number");
  EXPECT_EQ(visitor_messages(visitor_).size(), 0u);
  EXPECT_GE(visitor_messages(other).size(), 1u);
}

TEST_F(BadInput, AgentsCannotDoWhatOnlyAdminsMay) {
  const auto agent = new_agent("Fay");
  expect_error(http_->post("/api/v1/assistants", {{"name", "Mine"}}, agent), 403, "forbidden");
  expect_error(http_->request("PATCH", "/api/v1/assistants/" + assistant_, R"({"live_agent_enabled": false})", agent),
               403, "forbidden");
  expect_error(http_->post("/api/v1/agents", {{"email", "x@y.z"}, {"name", "X"}, {"password", "12345678"}}, agent), 403,
               "forbidden");
  // Teaching is for every agent.
  EXPECT_EQ(
      http_->post("/api/v1/assistants/" + assistant_ + "/knowledge", {{"question", "Q?"}, {"answer", "A."}}, agent)
          .status,
      201);
}

TEST_F(BadInput, SecondAgentCannotWriteToAHeldConversationOrADoneOne) {
  const auto first = new_agent("Gus");
  const auto second = new_agent("Hal");
  ASSERT_EQ(
      http_->post("/api/v1/conversations/" + visitor_.conversation_id + "/takeover", json::object{}, first).status,
      200);
  expect_error(
      http_->post("/api/v1/conversations/" + visitor_.conversation_id + "/messages", {{"text", "me too"}}, second), 409,
      "held_by_another_agent");
  expect_error(http_->post("/api/v1/conversations/" + visitor_.conversation_id + "/done", json::object{}, second), 409,
               "held_by_another_agent");
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor_.conversation_id + "/done", json::object{}, first).status,
            200);
  expect_error(
      http_->post("/api/v1/conversations/" + visitor_.conversation_id + "/messages", {{"text", "hello?"}}, first), 409,
      "conversation_done");
  expect_error(http_->post("/api/v1/conversations/" + visitor_.conversation_id + "/done", json::object{}, first), 409,
               "conversation_done");
}

TEST_F(BadInput, CookieSessionsNeedTheCsrfHeaderToChangeState) {
  auto login = http_->post("/api/v1/auth/login", {{"email", "admin@demo.baton"}, {"password", "baton-demo"}});
  ASSERT_EQ(login.status, 200);
  const auto cookies = login.headers.at("set-cookie");
  EXPECT_NE(cookies.find("HttpOnly"), std::string::npos);
  const std::string session = str(login.json().at("token"));
  const std::string csrf = str(login.json().at("csrf_token"));
  const std::map<std::string, std::string> cookie{{"Cookie", "baton_session=" + session}};
  EXPECT_EQ(http_->request("GET", "/api/v1/me", {}, {}, cookie).status, 200);
  auto without = http_->request("PUT", "/api/v1/me/presence", R"({"status":"away"})", {}, cookie);
  expect_error(without, 403, "csrf_failed");
  auto with_wrong = http_->request("PUT", "/api/v1/me/presence", R"({"status":"away"})", {},
                                   {{"Cookie", "baton_session=" + session}, {"X-CSRF-Token", "nope"}});
  expect_error(with_wrong, 403, "csrf_failed");
  auto with = http_->request("PUT", "/api/v1/me/presence", R"({"status":"away"})", {},
                             {{"Cookie", "baton_session=" + session}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(with.status, 200) << with.body;
}

TEST_F(BadInput, LogoutEndsTheSession) {
  const auto token = login("admin@demo.baton", "baton-demo");
  EXPECT_EQ(http_->request("POST", "/api/v1/auth/logout", {}, token).status, 204);
  expect_error(http_->get("/api/v1/me", token), 401, "unauthorized");
}

TEST_F(BadInput, BadFieldValuesAreNamed) {
  const auto admin = admin_token();
  expect_error(http_->request("PUT", "/api/v1/me/presence", R"({"status":"sleeping"})", admin), 400, "invalid_field");
  expect_error(http_->get("/api/v1/conversations?view=everything", admin), 400, "invalid_field");
  expect_error(http_->get("/api/v1/widget/messages?after_seq=-1", visitor_.token), 400, "invalid_field");
  expect_error(http_->get("/api/v1/widget/messages?limit=abc", visitor_.token), 400, "invalid_field");
  expect_error(http_->post("/api/v1/assistants", {{"name", ""}}, admin), 400, "invalid_field");
  expect_error(http_->post("/api/v1/assistants", {{"name", "X"}, {"live_agent_enabled", "yes"}}, admin), 400,
               "invalid_field");
  expect_error(
      http_->post("/api/v1/agents", {{"email", "not-an-email"}, {"name", "X"}, {"password", "12345678"}}, admin), 400,
      "invalid_field");
  expect_error(http_->post("/api/v1/agents", {{"email", "a@b.c"}, {"name", "X"}, {"password", "short"}}, admin), 400,
               "weak_password");
  expect_error(http_->post("/api/v1/agents",
                           {{"email", "admin@demo.baton"}, {"name", "X"}, {"password", "correct horse"}}, admin),
               409, "already_exists");
  auto agents = http_->get("/api/v1/agents", admin).json().at("agents").as_array();
  EXPECT_EQ(agents.size(), 1u);
}

TEST_F(BadInput, WidgetEndpointsAllowAnyOriginConsoleEndpointsDoNot) {
  auto preflight = http_->request("OPTIONS", "/api/v1/widget/messages", {}, {},
                                  {{"Origin", "https://shop.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers["access-control-allow-origin"], "*");
  EXPECT_NE(preflight.headers["access-control-allow-headers"].find("Authorization"), std::string::npos);
  auto config = http_->get("/api/v1/widget/assistants/" + assistant_ + "/config");
  EXPECT_EQ(config.headers["access-control-allow-origin"], "*");
  auto console = http_->get("/api/v1/me", admin_token());
  EXPECT_EQ(console.headers.count("access-control-allow-origin"), 0u);
}

}  // namespace
}  // namespace baton::testing

namespace baton::testing {
namespace {
namespace json = boost::json;

class RateLimit : public ServerTest {
 protected:
  std::vector<std::string> server_args() const override { return {"--demo"}; }  // the defaults: burst 20, 5/s
};

TEST_F(RateLimit, ACustomerSendingTooFastGets429AndNothingExtraIsStored) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Tao");
  auto visitor = new_visitor(assistant);
  http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent);
  int created = 0, limited = 0;
  for (int i = 0; i < 40; ++i) {
    auto reply = http_->post("/api/v1/widget/messages", {{"text", "spam " + std::to_string(i)}}, visitor.token);
    if (reply.status == 201) ++created;
    if (reply.status == 429) {
      ++limited;
      EXPECT_EQ(reply.error_code(), "rate_limited");
    }
  }
  EXPECT_GE(created, 20);
  EXPECT_GT(limited, 0);
  int stored = 0;
  for (const auto& m : visitor_messages(visitor)) stored += m.at("sender") == "customer" ? 1 : 0;
  EXPECT_EQ(stored, created);
  // Another customer is not held back by this one.
  auto other = new_visitor(assistant);
  EXPECT_EQ(http_->post("/api/v1/widget/messages", {{"text", "hello"}}, other.token).status, 201);
}

}  // namespace
}  // namespace baton::testing
