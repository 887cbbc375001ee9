#include "routing_checks.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace baton::testing {
namespace json = boost::json;

namespace {

std::vector<json::object> waiting_and_live(const HttpClient& http, const RoutingTeam& team) {
  auto reply =
      http.get("/api/v1/conversations?view=live_agent&limit=200&assistant_id=" + team.assistant_id, team.admin_token);
  EXPECT_EQ(reply.status, 200) << reply.body;
  std::vector<json::object> found;
  const auto body = reply.json();
  for (const auto& item : body.at("conversations").as_array()) found.push_back(item.as_object());
  return found;
}

int count_status(const std::vector<json::object>& conversations, const std::string& status) {
  return static_cast<int>(std::count_if(conversations.begin(), conversations.end(),
                                        [&](const json::object& c) { return c.at("status") == status.c_str(); }));
}

int assigned_events(const HttpClient& http, const RoutingTeam& team, const std::string& conversation_id) {
  auto reply = http.get("/api/v1/conversations/" + conversation_id + "/events", team.admin_token);
  EXPECT_EQ(reply.status, 200) << reply.body;
  const auto body = reply.json();
  int count = 0;
  for (const auto& event : body.at("events").as_array()) count += event.at("type") == "assigned" ? 1 : 0;
  return count;
}

// The waiting ones, first come first (ties by id), as the queue orders them.
std::vector<std::string> queue_order(const std::vector<json::object>& conversations) {
  std::vector<std::pair<std::string, std::string>> waiting;
  for (const auto& c : conversations) {
    if (c.at("status") == "waiting") waiting.emplace_back(str(c.at("handoff_requested_at")), str(c.at("id")));
  }
  std::sort(waiting.begin(), waiting.end());
  std::vector<std::string> ids;
  for (const auto& [at, id] : waiting) ids.push_back(id);
  return ids;
}

}  // namespace

void set_auto_routing(const HttpClient& http, const RoutingTeam& team, int default_capacity) {
  auto reply =
      http.request("PATCH", "/api/v1/assistants/" + team.assistant_id,
                   json::serialize(json::object{{"routing_mode", "auto"}, {"default_capacity", default_capacity}}),
                   team.admin_token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json().at("routing_mode"), "auto");
}

void expect_capacity_respected_and_fifo(const std::vector<const HttpClient*>& nodes, const RoutingTeam& team,
                                        const std::vector<Visitor>& visitors, int capacity) {
  const int agents = static_cast<int>(team.agent_tokens.size());
  const int total = static_cast<int>(visitors.size());
  const int room = agents * capacity;
  run_together(total, [&](int i) {
    auto reply = nodes[i % nodes.size()]->post("/api/v1/widget/handoff", json::object{}, visitors[i].token);
    EXPECT_EQ(reply.status, 200) << reply.body;
  });
  const auto& http = *nodes.front();
  std::vector<json::object> seen;
  ASSERT_TRUE(eventually(
      [&] {
        seen = waiting_and_live(http, team);
        return count_status(seen, "live") == room && count_status(seen, "waiting") == total - room;
      },
      std::chrono::seconds(20)))
      << count_status(seen, "live") << " live, " << count_status(seen, "waiting") << " waiting";

  std::map<std::string, std::vector<std::string>> held;  // agent id -> conversations
  for (const auto& c : seen) {
    const int expected_assignments = c.at("status") == "live" ? 1 : 0;
    EXPECT_EQ(assigned_events(http, team, str(c.at("id"))), expected_assignments) << str(c.at("id"));
    if (c.at("status") == "live") held[str(c.at("assigned_agent_id"))].push_back(str(c.at("id")));
  }
  EXPECT_EQ(static_cast<int>(held.size()), agents);
  for (const auto& [agent_id, conversations] : held) EXPECT_EQ(static_cast<int>(conversations.size()), capacity);

  // Each agent finishes one: the first `agents` of the queue are served, nobody else.
  const auto queue = queue_order(seen);
  const std::set<std::string> next(queue.begin(), queue.begin() + std::min<int>(agents, queue.size()));
  for (const auto& token : team.agent_tokens) {
    auto me = http.get("/api/v1/me", token).json();
    const auto& mine = held[str(me.at("id"))];
    ASSERT_FALSE(mine.empty());
    auto done = nodes.back()->post("/api/v1/conversations/" + mine.front() + "/done", json::object{}, token);
    ASSERT_EQ(done.status, 200) << done.body;
  }
  ASSERT_TRUE(eventually(
      [&] {
        seen = waiting_and_live(http, team);
        return count_status(seen, "live") == room;
      },
      std::chrono::seconds(20)));
  for (const auto& c : seen) {
    if (next.contains(str(c.at("id")))) {
      EXPECT_EQ(c.at("status"), "live") << "served first come first";
    }
  }
  auto list = http.get("/api/v1/agents", team.admin_token).json();
  for (const auto& agent : list.at("agents").as_array()) {
    EXPECT_LE(agent.at("live_count").as_int64(), capacity) << str(agent.at("id"));
  }
}

}  // namespace baton::testing
