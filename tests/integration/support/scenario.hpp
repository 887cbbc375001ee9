// The steps integration tests share: a server with a demo admin, agents, assistants, visitors.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/api_client.hpp"
#include "support/server_process.hpp"

namespace baton::testing {

struct Visitor {
  std::string token;
  std::string conversation_id;
};

class ServerTest : public ::testing::Test {
 protected:
  // A fresh server per test (its own data directory), with the demo admin.
  void SetUp() override;

  // Generous customer limits: tests that post fast are not about rate limiting (RateLimit is).
  virtual std::vector<std::string> server_args() const {
    return {"--demo", "--customer-burst", "100000", "--customer-rate",        "100000", "--widget-session-rate",
            "100000", "--handoff-rate",   "100000", "--offline-message-rate", "100000"};
  }

  // Signs in and answers the bearer token.
  std::string login(const std::string& email, const std::string& password);
  std::string admin_token();
  // Creates an agent (as the admin), signs it in and answers its token.
  std::string new_agent(const std::string& name, const std::string& role = "agent");
  std::string new_assistant(bool live_agent_enabled, const std::string& name = "Shop");
  void add_knowledge(const std::string& assistant_id, const std::string& question, const std::string& answer);
  void set_presence(const std::string& token, const std::string& status);
  Visitor new_visitor(const std::string& assistant_id);
  boost::json::object send_customer(const Visitor& visitor, const std::string& text);
  std::vector<boost::json::object> messages(const std::string& conversation_id, const std::string& token,
                                            std::int64_t after_seq = 0);
  std::vector<boost::json::object> visitor_messages(const Visitor& visitor, std::int64_t after_seq = 0);
  boost::json::object conversation(const std::string& conversation_id, const std::string& token);
  std::unique_ptr<SocketClient> agent_socket(const std::string& token);
  // With `after_seq`, the socket resumes: it sends the messages stored after it first.
  std::unique_ptr<SocketClient> widget_socket(const Visitor& visitor, std::optional<std::int64_t> after_seq = {});

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
  std::string admin_token_;
  int agent_counter_ = 0;
};

// A ServerTest that runs once per store: SQLite under --data, and PostgreSQL (--database, a
// fresh database on the test process's throwaway server; skipped where PostgreSQL is not
// installed). Instantiate with BATON_ON_EVERY_STORE(Fixture) and write TEST_P.
class EveryStoreTest : public ServerTest, public ::testing::WithParamInterface<const char*> {
 protected:
  void SetUp() override;
  std::vector<std::string> server_args() const override;

 private:
  std::string database_;
};

// The store in the test's name: SeedFlow.CustomerChats…/Postgres.
std::string store_name(const ::testing::TestParamInfo<const char*>& info);

#define BATON_ON_EVERY_STORE(fixture) \
  INSTANTIATE_TEST_SUITE_P(, fixture, ::testing::Values("sqlite", "postgres"), ::baton::testing::store_name)

// Polls `condition` every 20 ms until it holds or `limit` has passed; answers whether it held.
// For state that only a request shows (no event announces it): a bounded wait, never a sleep.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit);

// Runs `work(i)` for every i below `count`, each on its own thread, all released at once (a
// race on purpose); returns when all are done.
void run_together(int count, const std::function<void(int)>& work);

// Event matchers.
std::function<bool(const boost::json::object&)> message_from(const std::string& sender);
std::function<bool(const boost::json::object&)> system_event(const std::string& event);

std::string str(const boost::json::value& value);

}  // namespace baton::testing
