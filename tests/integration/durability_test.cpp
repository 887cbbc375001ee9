// A message acknowledged with 201 survives kill -9.
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class Durability : public EveryStoreTest {};
BATON_ON_EVERY_STORE(Durability);

TEST_P(Durability, AcknowledgedMessagesSurviveKillDashNine) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Kim");
  auto visitor = new_visitor(assistant);
  http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent);
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 50; ++i) {
    auto reply = http_->post("/api/v1/widget/messages", {{"text", "message " + std::to_string(i)}}, visitor.token);
    ASSERT_EQ(reply.status, 201);
    acknowledged.push_back(str(reply.json().at("id")));
  }

  server_->kill_and_restart();
  http_ = std::make_unique<HttpClient>(server_->port());

  // Sessions survive too: the same tokens work after the restart.
  std::set<std::string> stored;
  for (const auto& m : messages(visitor.conversation_id, agent)) stored.insert(str(m.at("id")));
  for (const auto& id : acknowledged) EXPECT_TRUE(stored.count(id)) << id;
  EXPECT_EQ(str(conversation(visitor.conversation_id, agent).at("status")), "live");
  EXPECT_EQ(visitor_messages(visitor).size(), stored.size());
}

}  // namespace
}  // namespace baton::testing
