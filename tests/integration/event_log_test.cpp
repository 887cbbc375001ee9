// The conversation event log (team operations §4.0) on every store: each change of state is
// recorded in the transaction that makes it, in episodes, numbered without gaps, with the
// durations reports need; and it stays in step with the conversations through a kill -9.
#include <atomic>
#include <map>
#include <thread>

#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class EventLog : public EveryStoreTest {
 protected:
  std::vector<json::object> events(const std::string& conversation_id, const std::string& token) {
    auto reply = http_->get("/api/v1/conversations/" + conversation_id + "/events?limit=200", token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<json::object> list;
    if (reply.status != 200) return list;
    const auto body = reply.json();  // kept: the loop below reads into it
    for (const auto& event : body.at("events").as_array()) list.push_back(event.as_object());
    return list;
  }
};
BATON_ON_EVERY_STORE(EventLog);

std::vector<std::string> types_of(const std::vector<json::object>& events) {
  std::vector<std::string> types;
  for (const auto& event : events) types.push_back(str(event.at("type")));
  return types;
}

TEST_P(EventLog, TwoEpisodesAreRecordedWithTheirAgentsAndDurations) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Kim");
  set_presence(agent, "online");
  auto socket = agent_socket(agent);  // available: the request is a live one
  auto visitor = new_visitor(assistant);
  const std::string path = "/api/v1/conversations/" + visitor.conversation_id;
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  ASSERT_EQ(http_->post(path + "/takeover", json::object{}, agent).status, 200);
  ASSERT_EQ(http_->post(path + "/messages", {{"text", "Hello, Kim here"}}, agent).status, 201);
  ASSERT_EQ(http_->post(path + "/messages", {{"text", "Anything else?"}}, agent).status, 201);
  ASSERT_EQ(http_->post(path + "/done", json::object{}, agent).status, 200);
  ASSERT_EQ(http_->post(path + "/reactivate", json::object{}, agent).status, 200);
  ASSERT_EQ(http_->post(path + "/done", json::object{}, agent).status, 200);

  const auto log = events(visitor.conversation_id, agent);
  ASSERT_EQ(types_of(log), (std::vector<std::string>{"handoff_requested", "assigned", "agent_message_first", "done",
                                                     "reactivated", "assigned", "done"}));
  for (std::size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].at("seq").as_int64(), std::int64_t(i + 1));
  // Two episodes: the request to Done, the reactivation to Done.
  for (std::size_t i = 1; i < 4; ++i) EXPECT_EQ(log[i].at("episode_id"), log[0].at("episode_id"));
  EXPECT_NE(log[4].at("episode_id"), log[0].at("episode_id"));
  for (std::size_t i = 5; i < 7; ++i) EXPECT_EQ(log[i].at("episode_id"), log[4].at("episode_id"));

  const auto& request = log[0];
  EXPECT_EQ(request.at("actor").at("type"), "customer");
  EXPECT_EQ(request.at("data").at("reason"), "button");
  EXPECT_EQ(request.at("data").at("offline_request"), false);
  EXPECT_EQ(request.at("data").at("channel"), "web");
  EXPECT_TRUE(request.at("seconds").is_null());
  const auto& assigned = log[1];
  EXPECT_EQ(assigned.at("actor").at("type"), "agent");
  EXPECT_EQ(assigned.at("data").at("by"), "claim");
  EXPECT_EQ(assigned.at("data").at("agent_id"), assigned.at("actor").at("id"));
  EXPECT_GE(assigned.at("seconds").as_double(), 0.0) << "the wait of a live request";
  EXPECT_GE(log[2].at("seconds").as_double(), 0.0) << "the first response";
  EXPECT_EQ(log[2].at("data").at("agent_id"), assigned.at("data").at("agent_id"));
  EXPECT_GE(log[3].at("seconds").as_double(), 0.0) << "the handling time";
  EXPECT_EQ(log[3].at("business_seconds"), log[3].at("seconds")) << "no business hours: always open";
  EXPECT_EQ(log[5].at("data").at("by"), "reactivate");
  EXPECT_TRUE(log[5].at("seconds").is_null()) << "a reactivation has no wait";

  // Paged with after_seq, and refused without a console login or for no such conversation.
  auto page = http_->get(path + "/events?after_seq=5", agent);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json().at("events").as_array().size(), 2u);
  EXPECT_EQ(http_->get(path + "/events", visitor.token).status, 401);
  EXPECT_EQ(http_->get("/api/v1/conversations/conv_nope/events", agent).status, 404);
  EXPECT_EQ(http_->get(path + "/events?after_seq=-1", agent).status, 400);
  EXPECT_EQ(http_->get(path + "/events?limit=0", agent).status, 400);
}

TEST_P(EventLog, ALeftMessageIsAnOfflineRequestWithoutAWait) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Lee");
  auto visitor = new_visitor(assistant);
  auto left = http_->post("/api/v1/widget/offline_message",
                          {{"name", "Mei"}, {"contact", "mei@example.com"}, {"text", "Please call me"}}, visitor.token);
  ASSERT_EQ(left.status, 201) << left.body;
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent).status,
            200);
  const auto log = events(visitor.conversation_id, agent);
  ASSERT_EQ(types_of(log), (std::vector<std::string>{"handoff_requested", "offline_message", "assigned"}));
  EXPECT_EQ(log[0].at("data").at("offline_request"), true);
  EXPECT_TRUE(log[2].at("seconds").is_null()) << "wait time counts live requests only";
}

TEST_P(EventLog, AWithdrawnRequestIsAbandonedAndTheNextRequestStartsAnotherEpisode) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Lee");
  set_presence(agent, "online");
  auto socket = agent_socket(agent);  // on duty: the request is a live one
  auto visitor = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  auto cancelled = http_->post("/api/v1/widget/handoff/cancel", json::object{}, visitor.token);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json().at("status"), "ai");
  EXPECT_TRUE(cancelled.json().at("handoff_requested_at").is_null());
  auto again = http_->post("/api/v1/widget/handoff/cancel", json::object{}, visitor.token);
  EXPECT_EQ(again.status, 409) << "nothing left to withdraw";

  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent).status,
            200);
  EXPECT_EQ(http_->post("/api/v1/widget/handoff/cancel", json::object{}, visitor.token).status, 409)
      << "an agent took it: too late to withdraw";
  const auto log = events(visitor.conversation_id, agent);
  ASSERT_EQ(types_of(log),
            (std::vector<std::string>{"handoff_requested", "abandoned", "handoff_requested", "assigned"}));
  EXPECT_EQ(log[1].at("episode_id"), log[0].at("episode_id"));
  EXPECT_EQ(log[1].at("data").at("reason"), "cancelled");
  EXPECT_EQ(log[1].at("actor").at("type"), "customer");
  EXPECT_NE(log[2].at("episode_id"), log[0].at("episode_id")) << "the abandoned episode is closed";
  EXPECT_EQ(log[3].at("episode_id"), log[2].at("episode_id"));

  // A message left for the team stays until an agent answers it.
  auto offline = new_visitor(assistant);
  set_presence(agent, "offline");
  ASSERT_EQ(http_
                ->post("/api/v1/widget/offline_message",
                       {{"name", "Mei"}, {"contact", "mei@example.com"}, {"text", "Call me"}}, offline.token)
                .status,
            201);
  EXPECT_EQ(http_->post("/api/v1/widget/handoff/cancel", json::object{}, offline.token).status, 409);
}

// Conversations going round (handoff, claim, Done) on eight threads; kill -9 mid-way. After the
// restart every conversation's log is gap-free, has one done event per Done notice the customer
// got (both are written by one transaction), every acknowledged Done, and ends as the
// conversation's status says.
TEST_P(EventLog, TheLogAndTheConversationsAgreeAfterAKillDashNine) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Max");
  constexpr int kConversations = 8;
  std::vector<Visitor> visitors;
  for (int i = 0; i < kConversations; ++i) visitors.push_back(new_visitor(assistant));
  std::vector<int> acknowledged_dones(kConversations, 0);
  std::atomic<int> total_dones{0};
  std::vector<std::thread> rounds;
  for (int i = 0; i < kConversations; ++i) {
    rounds.emplace_back([&, i, client = HttpClient(http_->port())] {
      const std::string path = "/api/v1/conversations/" + visitors[i].conversation_id;
      try {
        for (;;) {
          if (client.post("/api/v1/widget/handoff", json::object{}, visitors[i].token).status != 200) return;
          if (client.post(path + "/takeover", json::object{}, agent).status != 200) return;
          if (client.post(path + "/done", json::object{}, agent).status != 200) return;
          ++acknowledged_dones[i];
          ++total_dones;
        }
      } catch (const std::exception&) {
        return;  // the server is gone
      }
    });
  }
  ASSERT_TRUE(eventually([&] { return total_dones >= 40; }, std::chrono::seconds(60)));
  server_->kill_and_restart();
  for (auto& round : rounds) round.join();
  http_ = std::make_unique<HttpClient>(server_->port());

  for (int i = 0; i < kConversations; ++i) {
    const auto log = events(visitors[i].conversation_id, agent);
    int done_events = 0;
    for (std::size_t k = 0; k < log.size(); ++k) {
      EXPECT_EQ(log[k].at("seq").as_int64(), std::int64_t(k + 1)) << "a gap in conversation " << i;
      if (log[k].at("type") == "done") ++done_events;
    }
    int done_notices = 0;
    for (const auto& message : messages(visitors[i].conversation_id, agent)) {
      if (message.contains("event") && message.at("event") == "conversation_done") ++done_notices;
    }
    EXPECT_EQ(done_events, done_notices) << "conversation " << i;
    EXPECT_GE(done_events, acknowledged_dones[i]) << "an acknowledged Done was not logged";
    const auto status = str(conversation(visitors[i].conversation_id, agent).at("status"));
    const std::map<std::string, std::string> last_event_of{
        {"waiting", "handoff_requested"}, {"live", "assigned"}, {"done", "done"}};
    if (!log.empty() && last_event_of.contains(status)) {
      EXPECT_EQ(str(log.back().at("type")), last_event_of.at(status)) << "conversation " << i;
    }
  }
}

}  // namespace
}  // namespace baton::testing
