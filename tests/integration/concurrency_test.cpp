// Races that must have one answer: concurrent takeovers, concurrent senders, repeated sends.
#include <atomic>
#include <thread>

#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class Concurrency : public EveryStoreTest {};
BATON_ON_EVERY_STORE(Concurrency);

TEST_P(Concurrency, ManyAgentsTakingOverAtOnceGiveExactlyOneWinner) {
  constexpr int kAgents = 12;
  const auto assistant = new_assistant(true);
  std::vector<std::string> agents;
  for (int i = 0; i < kAgents; ++i) agents.push_back(new_agent("Agent " + std::to_string(i)));
  auto visitor = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);

  std::vector<int> statuses(kAgents);
  run_together(kAgents, [&](int i) {
    statuses[i] =
        http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agents[i]).status;
  });
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), kAgents - 1);
  int joined = 0;
  for (const auto& m : messages(visitor.conversation_id, agents[0])) {
    joined += m.contains("event") && m.at("event") == "agent_joined" ? 1 : 0;
  }
  EXPECT_EQ(joined, 1);
}

TEST_P(Concurrency, SeqStaysContiguousUnderConcurrentSenders) {
  constexpr int kThreads = 6, kEach = 20;
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ivy");
  auto visitor = new_visitor(assistant);
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const bool as_agent = t % 2 == 0;
        auto reply = as_agent ? http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages",
                                            {{"text", "agent " + std::to_string(i)}}, agent)
                              : http_->post("/api/v1/widget/messages", {{"text", "customer " + std::to_string(i)}},
                                            visitor.token);
        created += reply.status == 201 ? 1 : 0;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created.load(), kThreads * kEach);
  const auto history = messages(visitor.conversation_id, agent);
  ASSERT_GE(history.size(), std::size_t{kThreads * kEach});
  for (std::size_t i = 0; i < history.size(); ++i) EXPECT_EQ(history[i].at("seq").as_int64(), std::int64_t(i + 1));
}

TEST_P(Concurrency, TheSameClientIdStoresOneMessage) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Jo");
  auto visitor = new_visitor(assistant);
  http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent);
  std::vector<std::string> ids(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto reply = http_->post("/api/v1/widget/messages", {{"text", "pay now?"}, {"client_id", "c-42"}}, visitor.token);
      ids[i] = reply.status == 201 ? str(reply.json().at("id")) : "failed " + reply.body;
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& id : ids) EXPECT_EQ(id, ids[0]);
  int stored = 0;
  for (const auto& m : messages(visitor.conversation_id, agent)) stored += m.at("text") == "pay now?" ? 1 : 0;
  EXPECT_EQ(stored, 1);
}

}  // namespace
}  // namespace baton::testing
