// Every series Baton exports on /metrics (team operations, "Prometheus metrics"), declared once
// with all their label values: labels are bounded (never a conversation, visitor or agent id),
// so the hot path holds a series and increments an atomic. Gauges of shared state (the queue,
// conversations, agents) are set at scrape time by MetricsScraper.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/assigner.hpp"
#include "app/event_log.hpp"
#include "core/types.hpp"
#include "support/metrics/process_metrics.hpp"
#include "support/metrics/registry.hpp"

namespace baton::app {

// Outboxes whose deliveries are counted (`sink` label): all declared from the start, so a sink
// added later needs no new series.
enum class OutboxSink { line, webhook, email };
enum class OutboxOutcome { ok, retry, failed };
enum class LineApiCall { reply, push, content, mark_read };
enum class AiBackend { builtin, llm };
enum class AiOutcome { answered, fallback, handoff };
enum class LlmErrorKind { timeout, http, parse };
enum class SocketKind { agent, widget };

inline constexpr std::size_t kOutboxSinks = 3;

struct BuildInfo {
  std::string version;
  std::string store;  // sqlite | postgresql
  std::string bus;    // local | redis
};

// The shared state a scrape reads (MetricsScraper fills it).
struct QueueFigures {
  // [channel][offline_request]
  std::array<std::array<double, 2>, 2> waiting{};
  std::array<double, 2> oldest_wait_seconds{};  // per channel: the oldest live request's wait
  std::array<double, 3> conversations{};        // ai, waiting, live
};
struct QueueGauges {
  QueueFigures all;
  std::vector<std::pair<core::Id, QueueFigures>> by_assistant;  // every assistant (--metrics-per-assistant)
};
struct AgentGauges {
  std::array<std::array<double, 2>, 3> agents{};  // [presence][connected]
  double available = 0;
  double capacity_slots = 0;
  double load = 0;
};
struct OutboxGauges {
  double pending = 0;
  double oldest_seconds = 0;
};

class BatonMetrics {
 public:
  // `per_assistant`: the queue and conversation gauges carry an `assistant` label (its id), one
  // series set per assistant (--metrics-per-assistant; for installs with few assistants).
  explicit BatonMetrics(const BuildInfo& build, bool per_assistant = false);
  BatonMetrics(const BatonMetrics&) = delete;
  BatonMetrics& operator=(const BatonMetrics&) = delete;

  // The hot path: each is a few relaxed atomic operations.
  void event_committed(const CommittedEvent& event);
  void message_committed(core::Sender sender, core::Channel channel);
  void csat_response(int score);  // 1..5; others are ignored
  void outbox_attempt(OutboxSink sink, OutboxOutcome outcome);
  void line_api_call(LineApiCall api, bool ok);
  void ai_answer(AiBackend backend, AiOutcome outcome);
  void llm_request(std::chrono::duration<double> took);
  void webhook_delivery(std::chrono::duration<double> took);  // one try, answered or not
  void llm_error(LlmErrorKind kind);
  void store_commit(std::chrono::duration<double> took, std::size_t jobs);
  void assignment_skipped(AssignmentSkip why);
  metrics::Gauge& ws_connections(SocketKind kind) { return *ws_connections_[static_cast<std::size_t>(kind)]; }
  metrics::Counter& ws_dropped_slow_clients(SocketKind kind) { return *ws_dropped_[static_cast<std::size_t>(kind)]; }

  // Scrape time.
  void set(const QueueGauges& queue);
  bool per_assistant() const { return per_assistant_; }
  void set(const AgentGauges& agents);
  void set(OutboxSink sink, const OutboxGauges& outbox);

  // HTTP requests are counted by the router's own collector (channels/http), added here so one
  // scrape renders everything.
  metrics::Registry& registry() { return registry_; }
  std::string render() const { return registry_.render(); }

 private:
  metrics::Registry registry_;
  metrics::ProcessMetrics process_;

  // Counters and histograms, by label index.
  std::array<std::array<metrics::Counter*, 7>, 2> handoffs_{};  // [channel][HandoffReason]
  std::array<metrics::Histogram*, 2> handoff_wait_{};
  std::array<metrics::Histogram*, 2> first_response_{};
  std::array<metrics::Counter*, 5> assignments_{};  // AssignedBy
  std::array<metrics::Counter*, 3> requeues_{};     // agent_lost, to_queue, timeout
  std::array<metrics::Counter*, 3> skips_{};        // AssignmentSkip
  std::array<metrics::Counter*, 2> abandoned_{};
  std::array<std::array<metrics::Counter*, 2>, 4> messages_{};  // [Sender][channel]
  std::array<std::array<metrics::Counter*, 3>, 2> ai_answers_{};
  metrics::Histogram* llm_seconds_ = nullptr;
  metrics::Histogram* webhook_seconds_ = nullptr;
  std::array<metrics::Counter*, 3> llm_errors_{};
  std::array<metrics::Gauge*, 2> ws_connections_{};
  std::array<metrics::Counter*, 2> ws_dropped_{};
  std::array<std::array<metrics::Counter*, 3>, kOutboxSinks> outbox_attempts_{};
  std::array<metrics::Gauge*, kOutboxSinks> outbox_pending_{};
  std::array<metrics::Gauge*, kOutboxSinks> outbox_oldest_{};
  std::array<std::array<metrics::Counter*, 2>, 4> line_calls_{};  // [api][ok, failed]
  std::array<metrics::Counter*, 5> csat_{};
  metrics::Histogram* commit_seconds_ = nullptr;
  metrics::Histogram* commit_batch_ = nullptr;

  // Gauges set at scrape time.
  bool per_assistant_ = false;
  metrics::SnapshotGaugeFamily* queue_waiting_ = nullptr;
  metrics::SnapshotGaugeFamily* queue_oldest_ = nullptr;
  metrics::SnapshotGaugeFamily* conversations_ = nullptr;
  std::array<std::array<metrics::Gauge*, 2>, 3> agents_{};
  metrics::Gauge* agents_available_ = nullptr;
  metrics::Gauge* capacity_slots_ = nullptr;
  metrics::Gauge* load_ = nullptr;
};

std::string_view name_of(OutboxSink sink);

}  // namespace baton::app
