// `baton migrate`: a one-machine install moved to PostgreSQL keeps everything (users and their
// passwords and sessions, assistants, knowledge, conversations in order, LINE settings, webhooks
// and their outbox), refuses a database that already holds Baton data, and the moved install serves
// on.
#include <gtest/gtest.h>

#include "support/command.hpp"
#include "support/postgres_server.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class Migrate : public ServerTest {
 protected:
  void SetUp() override {
    if (!PostgresServer::installed()) GTEST_SKIP() << "PostgreSQL is not installed (make deps installs it)";
    ServerTest::SetUp();
  }
  std::vector<std::string> server_args() const override {
    auto args = ServerTest::server_args();
    args.push_back("--webhook-allow-private");  // a webhook to this machine, with its outbox
    return args;
  }
};

TEST_F(Migrate, AOneMachineInstallMovesToPostgresqlWithEverything) {
  auto hook =
      http_->post("/api/v1/webhooks",
                  {{"url", "http://127.0.0.1:9/hook"}, {"events", {"conversation.handoff_requested"}}}, admin_token());
  ASSERT_EQ(hook.status, 201) << hook.body;
  const auto hook_id = str(hook.json().at("id"));
  const auto assistant = new_assistant(true);
  add_knowledge(assistant, "How much is shipping?", "Shipping is NT$100, free over NT$1,500.");
  const auto agent = new_agent("Amy");
  auto visitor = new_visitor(assistant);
  send_customer(visitor, "how much is shipping");
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent).status,
            200);
  ASSERT_EQ(
      http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", "Hi, I am Amy"}}, agent)
          .status,
      201);
  const auto before = messages(visitor.conversation_id, agent);
  ASSERT_GE(before.size(), 4u);
  server_->stop();

  const auto database = shared_postgres().create_database("migrated");
  const std::string arguments = "migrate --data " + server_->data_dir().string() + " --database " + database;
  const auto moved = run_baton(arguments);
  ASSERT_EQ(moved.exit_code, 0) << moved.output;
  EXPECT_NE(moved.output.find("messages: " + std::to_string(before.size())), std::string::npos) << moved.output;

  // Not twice: the target holds Baton data now, and nothing changes.
  const auto again = run_baton(arguments);
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.output.find("already holds Baton data"), std::string::npos) << again.output;

  // The same install, now on PostgreSQL: the old tokens and passwords work, history is whole.
  ServerProcess moved_server({"--database", database});
  HttpClient http(moved_server.port());
  auto history = http.get("/api/v1/conversations/" + visitor.conversation_id + "/messages", agent);
  ASSERT_EQ(history.status, 200) << history.body;
  const auto body = history.json();
  const auto& after = body.at("messages").as_array();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].at("id"), before[i].at("id"));
    EXPECT_EQ(after[i].at("seq"), before[i].at("seq"));
    EXPECT_EQ(after[i].at("text"), before[i].at("text"));
  }
  auto login = http.post("/api/v1/auth/login", {{"email", "admin@demo.baton"}, {"password", "baton-demo"}});
  EXPECT_EQ(login.status, 200) << login.body;
  // The webhook and its outbox: the handoff's delivery, with its id.
  auto deliveries = http.get("/api/v1/webhooks/" + hook_id + "/deliveries", admin_token());
  ASSERT_EQ(deliveries.status, 200) << deliveries.body;
  const auto moved_deliveries = deliveries.json();
  ASSERT_EQ(moved_deliveries.at("deliveries").as_array().size(), 1u);
  EXPECT_EQ(moved_deliveries.at("deliveries").at(0).at("event_type"), "conversation.handoff_requested");
  auto next = http.post("/api/v1/widget/messages", {{"text", "still there?"}}, visitor.token);
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_EQ(next.json().at("seq").as_int64(), before.back().at("seq").as_int64() + 1);
}

TEST_F(Migrate, NoDataDirectoryIsAClearError) {
  const auto database = shared_postgres().create_database("empty_source");
  const auto result = run_baton("migrate --data /nonexistent/baton --database " + database);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("no Baton data"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace baton::testing
