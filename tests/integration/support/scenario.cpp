#include "support/scenario.hpp"

#include <atomic>
#include <thread>

#include "support/postgres_server.hpp"

namespace baton::testing {
namespace json = boost::json;

std::string str(const json::value& value) { return std::string(value.as_string()); }

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void run_together(int count, const std::function<void(int)>& work) {
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < count) std::this_thread::yield();
      work(i);
    });
  }
  for (auto& thread : threads) thread.join();
}

void ServerTest::SetUp() {
  server_ = std::make_unique<ServerProcess>(server_args());
  http_ = std::make_unique<HttpClient>(server_->port());
}

void EveryStoreTest::SetUp() {
  if (std::string_view(GetParam()) == "postgres") {
    if (!PostgresServer::installed()) GTEST_SKIP() << "PostgreSQL is not installed (make deps installs it)";
    database_ = shared_postgres().create_database("node");
  }
  ServerTest::SetUp();
}

std::vector<std::string> EveryStoreTest::server_args() const {
  auto args = ServerTest::server_args();
  if (!database_.empty()) args.insert(args.end(), {"--database", database_});
  return args;
}

std::string store_name(const ::testing::TestParamInfo<const char*>& info) {
  return std::string_view(info.param) == "postgres" ? "Postgres" : "Sqlite";
}

std::string ServerTest::login(const std::string& email, const std::string& password) {
  auto reply = http_->post("/api/v1/auth/login", {{"email", email}, {"password", password}});
  EXPECT_EQ(reply.status, 200) << reply.body;
  return str(reply.json().at("token"));
}

std::string ServerTest::admin_token() {
  if (admin_token_.empty()) admin_token_ = login("admin@demo.baton", "baton-demo");
  return admin_token_;
}

std::string ServerTest::new_agent(const std::string& name, const std::string& role) {
  const std::string email = "agent" + std::to_string(++agent_counter_) + "@shop.test";
  auto reply =
      http_->post("/api/v1/agents", {{"email", email}, {"name", name}, {"password", "correct horse"}, {"role", role}},
                  admin_token());
  EXPECT_EQ(reply.status, 201) << reply.body;
  return login(email, "correct horse");
}

std::string ServerTest::new_assistant(bool live_agent_enabled, const std::string& name) {
  auto reply =
      http_->post("/api/v1/assistants", {{"name", name}, {"live_agent_enabled", live_agent_enabled}}, admin_token());
  EXPECT_EQ(reply.status, 201) << reply.body;
  return str(reply.json().at("id"));
}

void ServerTest::add_knowledge(const std::string& assistant_id, const std::string& question,
                               const std::string& answer) {
  auto reply = http_->post("/api/v1/assistants/" + assistant_id + "/knowledge",
                           {{"question", question}, {"answer", answer}}, admin_token());
  EXPECT_EQ(reply.status, 201) << reply.body;
}

void ServerTest::set_presence(const std::string& token, const std::string& status) {
  auto reply = http_->request("PUT", "/api/v1/me/presence", json::serialize(json::object{{"status", status}}), token);
  EXPECT_EQ(reply.status, 200) << reply.body;
}

Visitor ServerTest::new_visitor(const std::string& assistant_id) {
  auto reply = http_->post("/api/v1/widget/assistants/" + assistant_id + "/sessions", json::object{});
  EXPECT_EQ(reply.status, 201) << reply.body;
  auto body = reply.json();
  return Visitor{str(body.at("visitor_token")), str(body.at("conversation_id"))};
}

json::object ServerTest::send_customer(const Visitor& visitor, const std::string& text) {
  auto reply = http_->post("/api/v1/widget/messages", {{"text", text}}, visitor.token);
  EXPECT_EQ(reply.status, 201) << reply.body;
  return reply.json().as_object();
}

std::vector<json::object> ServerTest::messages(const std::string& conversation_id, const std::string& token,
                                               std::int64_t after_seq) {
  auto reply = http_->get(
      "/api/v1/conversations/" + conversation_id + "/messages?limit=500&after_seq=" + std::to_string(after_seq), token);
  EXPECT_EQ(reply.status, 200) << reply.body;
  const auto body = reply.json();
  std::vector<json::object> out;
  for (const auto& message : body.at("messages").as_array()) out.push_back(message.as_object());
  return out;
}

std::vector<json::object> ServerTest::visitor_messages(const Visitor& visitor, std::int64_t after_seq) {
  auto reply = http_->get("/api/v1/widget/messages?limit=500&after_seq=" + std::to_string(after_seq), visitor.token);
  EXPECT_EQ(reply.status, 200) << reply.body;
  const auto body = reply.json();
  std::vector<json::object> out;
  for (const auto& message : body.at("messages").as_array()) out.push_back(message.as_object());
  return out;
}

json::object ServerTest::conversation(const std::string& conversation_id, const std::string& token) {
  auto reply = http_->get("/api/v1/conversations/" + conversation_id, token);
  EXPECT_EQ(reply.status, 200) << reply.body;
  return reply.json().as_object();
}

std::unique_ptr<SocketClient> ServerTest::agent_socket(const std::string& token) {
  return std::make_unique<SocketClient>(http_->port(), "/api/v1/agent/ws", token);
}

std::unique_ptr<SocketClient> ServerTest::widget_socket(const Visitor& visitor, std::optional<std::int64_t> after_seq) {
  std::string target = "/api/v1/widget/ws?token=" + visitor.token;
  if (after_seq) target += "&after_seq=" + std::to_string(*after_seq);
  return std::make_unique<SocketClient>(http_->port(), target);
}

std::function<bool(const json::object&)> message_from(const std::string& sender) {
  return [sender](const json::object& event) { return event.at("message").at("sender").as_string() == sender; };
}

std::function<bool(const json::object&)> system_event(const std::string& name) {
  return [name](const json::object& event) {
    const auto& message = event.at("message").as_object();
    return message.contains("event") && message.at("event").as_string() == name;
  };
}

}  // namespace baton::testing
