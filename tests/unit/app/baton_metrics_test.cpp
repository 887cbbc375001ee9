// What each committed event of the log adds to the exported series (team operations'
// Prometheus table), with the labels it is counted under.
#include "app/metrics/baton_metrics.hpp"

#include <gtest/gtest.h>

namespace baton::app {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

class BatonMetricsTest : public ::testing::Test {
 protected:
  BatonMetrics metrics_{BuildInfo{"1.2.3", "sqlite", "local"}};
};

TEST_F(BatonMetricsTest, EveryDeclaredSeriesIsThereAtZeroBeforeAnythingHappens) {
  const auto text = metrics_.render();
  EXPECT_TRUE(has_line(text, R"(baton_build_info{version="1.2.3",store="sqlite",bus="local"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(baton_handoffs_total{channel="line",reason="phrase"} 0)"));
  EXPECT_TRUE(has_line(text, R"(baton_outbox_attempts_total{sink="webhook",outcome="retry"} 0)"));
  EXPECT_TRUE(has_line(text, R"(baton_csat_responses_total{score="5"} 0)"));
  EXPECT_TRUE(has_line(text, R"(baton_handoff_wait_seconds_bucket{channel="web",le="+Inf"} 0)"));
}

TEST_F(BatonMetricsTest, AHandoffCountsByChannelAndReason) {
  CommittedEvent handoff;
  handoff.type = core::LogEventType::handoff_requested;
  handoff.channel = core::Channel::line;
  handoff.handoff_reason = core::HandoffReason::ai_fallback;
  metrics_.event_committed(handoff);
  EXPECT_TRUE(has_line(metrics_.render(), R"(baton_handoffs_total{channel="line",reason="ai_fallback"} 1)"));
}

TEST_F(BatonMetricsTest, AnAssignmentWithAWaitObservesItInSecondsAndOneWithoutDoesNot) {
  CommittedEvent waited;
  waited.type = core::LogEventType::assigned;
  waited.by = core::AssignedBy::automatic;
  waited.duration_ms = 42'000;
  metrics_.event_committed(waited);
  CommittedEvent transfer;
  transfer.type = core::LogEventType::assigned;
  transfer.by = core::AssignedBy::transfer;  // transfers do not restart the wait: no duration
  metrics_.event_committed(transfer);
  const auto text = metrics_.render();
  EXPECT_TRUE(has_line(text, R"(baton_assignments_total{mode="auto"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(baton_assignments_total{mode="transfer"} 1)"));
  EXPECT_TRUE(has_line(text, R"(baton_handoff_wait_seconds_bucket{channel="web",le="30"} 0)"));
  EXPECT_TRUE(has_line(text, R"(baton_handoff_wait_seconds_bucket{channel="web",le="60"} 1)"));
  EXPECT_TRUE(has_line(text, R"(baton_handoff_wait_seconds_sum{channel="web"} 42)"));
  EXPECT_TRUE(has_line(text, R"(baton_handoff_wait_seconds_count{channel="web"} 1)"));
}

TEST_F(BatonMetricsTest, OnlyTheEpisodesFirstAgentMessageIsAFirstResponse) {
  CommittedEvent first;
  first.type = core::LogEventType::agent_message_first;
  first.first_of_episode = true;
  first.duration_ms = 7'500;
  CommittedEvent after_transfer = first;
  after_transfer.first_of_episode = false;
  metrics_.event_committed(first);
  metrics_.event_committed(after_transfer);
  const auto text = metrics_.render();
  EXPECT_TRUE(has_line(text, R"(baton_first_response_seconds_count{channel="web"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(baton_first_response_seconds_sum{channel="web"} 7.5)"));
}

TEST_F(BatonMetricsTest, RequeuesCountAgentLossAndTransfersBackToTheQueue) {
  CommittedEvent lost;
  lost.type = core::LogEventType::requeued;
  lost.reason = "agent_lost";
  CommittedEvent to_queue;
  to_queue.type = core::LogEventType::transferred;
  to_queue.to_queue = true;
  CommittedEvent to_agent;
  to_agent.type = core::LogEventType::transferred;
  metrics_.event_committed(lost);
  metrics_.event_committed(to_queue);
  metrics_.event_committed(to_agent);
  const auto text = metrics_.render();
  EXPECT_TRUE(has_line(text, R"(baton_requeues_total{reason="agent_lost"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(baton_requeues_total{reason="to_queue"} 1)"));
  EXPECT_TRUE(has_line(text, R"(baton_requeues_total{reason="timeout"} 0)"));
}

TEST_F(BatonMetricsTest, ARatingCountsUnderItsScoreAndAnOutOfRangeOneIsIgnored) {
  CommittedEvent rated;
  rated.type = core::LogEventType::csat_submitted;
  rated.score = 4;
  metrics_.event_committed(rated);
  metrics_.csat_response(0);
  metrics_.csat_response(6);
  const auto text = metrics_.render();
  EXPECT_TRUE(has_line(text, R"(baton_csat_responses_total{score="4"} 1)")) << text;
  EXPECT_EQ(text.find(R"(score="6")"), std::string::npos);
}

TEST_F(BatonMetricsTest, OutboxAttemptsAndGaugesAreKeptPerSink) {
  metrics_.outbox_attempt(OutboxSink::email, OutboxOutcome::failed);
  metrics_.set(OutboxSink::webhook, OutboxGauges{3, 12.5});
  const auto text = metrics_.render();
  EXPECT_TRUE(has_line(text, R"(baton_outbox_attempts_total{sink="email",outcome="failed"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(baton_outbox_pending{sink="webhook"} 3)"));
  EXPECT_TRUE(has_line(text, R"(baton_outbox_oldest_seconds{sink="webhook"} 12.5)"));
  EXPECT_TRUE(has_line(text, R"(baton_outbox_pending{sink="line"} 0)"));
}

}  // namespace
}  // namespace baton::app

namespace baton::app {
namespace {

TEST(BatonMetricsPerAssistant, TheQueueGaugesCarryTheAssistantOnlyWhenAsked) {
  QueueGauges queue;
  queue.all.waiting[0][0] = 2;
  QueueFigures shop;
  shop.waiting[0][0] = 2;
  queue.by_assistant = {{"asst_shop", shop}, {"asst_cafe", QueueFigures{}}};

  BatonMetrics per_assistant(BuildInfo{"1", "sqlite", "local"}, true);
  per_assistant.set(queue);
  const auto text = per_assistant.render();
  EXPECT_TRUE(has_line(text, R"(baton_queue_waiting{assistant="asst_shop",channel="web",offline_request="false"} 2)"))
      << text;
  EXPECT_TRUE(has_line(text, R"(baton_queue_waiting{assistant="asst_cafe",channel="web",offline_request="false"} 0)"));
  EXPECT_TRUE(has_line(text, R"(baton_conversations{assistant="asst_cafe",status="live"} 0)"));

  BatonMetrics overall(BuildInfo{"1", "sqlite", "local"});
  overall.set(queue);
  const auto plain = overall.render();
  EXPECT_TRUE(has_line(plain, R"(baton_queue_waiting{channel="web",offline_request="false"} 2)")) << plain;
  EXPECT_EQ(plain.find("assistant="), std::string::npos);
}

}  // namespace
}  // namespace baton::app
