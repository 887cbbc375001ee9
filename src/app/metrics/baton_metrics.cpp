#include "app/metrics/baton_metrics.hpp"

#include "core/names.hpp"

namespace baton::app {
namespace {

using core::LogEventType;

// Seconds a customer waits or an agent takes to answer: from moments to an hour.
const std::vector<double> kHumanBuckets{5, 15, 30, 60, 120, 300, 600, 1800, 3600};
// An LLM's answer: under a second to a minute.
const std::vector<double> kLlmBuckets{0.25, 0.5, 1, 2, 4, 8, 15, 30, 60};
// One group commit: an fsync on a fast disk to a slow PostgreSQL round trip.
const std::vector<double> kCommitBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
const std::vector<double> kBatchBuckets{1, 2, 4, 8, 16, 32, 64, 128, 256};

constexpr std::array<core::Channel, 2> kChannels{core::Channel::web, core::Channel::line};
constexpr std::array<core::HandoffReason, 7> kHandoffReasons{
    core::HandoffReason::none,        core::HandoffReason::button,          core::HandoffReason::phrase,
    core::HandoffReason::ai_fallback, core::HandoffReason::offline_message, core::HandoffReason::agent,
    core::HandoffReason::ai_transfer};
constexpr std::array<core::AssignedBy, 5> kAssignedBy{core::AssignedBy::claim, core::AssignedBy::reactivate,
                                                      core::AssignedBy::automatic, core::AssignedBy::transfer,
                                                      core::AssignedBy::admin};
constexpr std::array<std::string_view, 3> kSkipReasons{"no_agent", "at_capacity", "after_hours"};  // AssignmentSkip
constexpr std::array<std::string_view, 3> kRequeueReasons{"agent_lost", "to_queue", "timeout"};
constexpr std::array<core::Sender, 4> kSenders{core::Sender::customer, core::Sender::ai, core::Sender::agent,
                                               core::Sender::system};
constexpr std::array<std::string_view, 2> kAiBackends{"builtin", "llm"};
constexpr std::array<std::string_view, 3> kAiOutcomes{"answered", "fallback", "handoff"};
constexpr std::array<std::string_view, 3> kLlmErrorKinds{"timeout", "http", "parse"};
constexpr std::array<std::string_view, 2> kSocketKinds{"agent", "widget"};
constexpr std::array<std::string_view, 3> kOutboxOutcomes{"ok", "retry", "failed"};
constexpr std::array<std::string_view, 4> kLineApis{"reply", "push", "content", "mark_read"};
constexpr std::array<std::string_view, 2> kCallOutcomes{"ok", "failed"};
constexpr std::array<core::Status, 3> kOpenStatuses{core::Status::ai, core::Status::waiting, core::Status::live};
constexpr std::array<core::Presence, 3> kPresences{core::Presence::online, core::Presence::away,
                                                   core::Presence::offline};

std::string label(std::string_view value) { return std::string(value); }
std::string reason_label(core::HandoffReason reason) {
  return reason == core::HandoffReason::none ? "none" : label(core::name_of(reason));
}
std::size_t index_of(core::Channel channel) { return channel == core::Channel::web ? 0 : 1; }
double seconds_of(std::int64_t milliseconds) { return static_cast<double>(milliseconds) / 1000.0; }

}  // namespace

std::string_view name_of(OutboxSink sink) {
  switch (sink) {
    case OutboxSink::line:
      return "line";
    case OutboxSink::webhook:
      return "webhook";
    case OutboxSink::email:
      return "email";
  }
  return "unknown";
}

BatonMetrics::BatonMetrics(const BuildInfo& build, bool per_assistant) {
  auto& r = registry_;
  r.gauge("baton_build_info", "Always 1; the labels say which Baton runs on what.", {"version", "store", "bus"})
      .add({build.version, build.store, build.bus})
      .set(1);

  // Shared state, set at scrape time.
  per_assistant_ = per_assistant;
  auto with_assistant = [per_assistant](std::vector<std::string> names) {
    if (per_assistant) names.insert(names.begin(), "assistant");
    return names;
  };
  queue_waiting_ = &r.snapshot_gauge("baton_queue_waiting", "Conversations waiting for a live agent.",
                                     with_assistant({"channel", "offline_request"}));
  queue_oldest_ = &r.snapshot_gauge("baton_queue_oldest_wait_seconds",
                                    "How long the oldest live request (not a left message) has waited, 0 when none.",
                                    with_assistant({"channel"}));
  conversations_ = &r.snapshot_gauge("baton_conversations", "Open conversations by status (done ones are not counted).",
                                     with_assistant({"status"}));
  set(QueueGauges{});  // every series at 0 until the first scrape
  auto& agents = r.gauge("baton_agents",
                         "Enabled console users by chosen presence and whether a console socket is open on a node.",
                         {"presence", "connected"});
  for (std::size_t p = 0; p < kPresences.size(); ++p) {
    agents_[p][0] = &agents.add({label(core::name_of(kPresences[p])), "false"});
    agents_[p][1] = &agents.add({label(core::name_of(kPresences[p])), "true"});
  }
  agents_available_ =
      &r.gauge("baton_agents_available", "Agents available for new handoffs (the widget's count).").add({});
  capacity_slots_ =
      &r.gauge("baton_agent_capacity_slots",
               "Concurrent live conversations the available agents may hold (agents without a cap not counted).")
           .add({});
  load_ = &r.gauge("baton_agent_load", "Live conversations held by the available agents.").add({});

  // Conversation events, counted once each after commit.
  auto& handoffs = r.counter("baton_handoffs_total", "Requests for a live agent.", {"channel", "reason"});
  auto& wait = r.histogram("baton_handoff_wait_seconds",
                           "From a live request to its first assignment (team operations wait_time).", kHumanBuckets,
                           {"channel"});
  auto& first =
      r.histogram("baton_first_response_seconds",
                  "From an episode's start to the first agent message the customer sees.", kHumanBuckets, {"channel"});
  auto& abandoned = r.counter("baton_queue_abandoned_total", "Requests that ended without an assignment.", {"channel"});
  for (auto channel : kChannels) {
    const auto c = index_of(channel);
    for (std::size_t i = 0; i < kHandoffReasons.size(); ++i) {
      handoffs_[c][i] = &handoffs.add({label(core::name_of(channel)), reason_label(kHandoffReasons[i])});
    }
    handoff_wait_[c] = &wait.add({label(core::name_of(channel))});
    first_response_[c] = &first.add({label(core::name_of(channel))});
    abandoned_[c] = &abandoned.add({label(core::name_of(channel))});
  }
  auto& assignments = r.counter("baton_assignments_total", "Conversations given to an agent, by how.", {"mode"});
  for (std::size_t i = 0; i < kAssignedBy.size(); ++i) {
    assignments_[i] = &assignments.add({label(core::name_of(kAssignedBy[i]))});
  }
  auto& skips = r.counter("baton_assignment_skips_total",
                          "Auto-mode passes that found customers waiting and could assign none of them.", {"reason"});
  for (std::size_t i = 0; i < kSkipReasons.size(); ++i) skips_[i] = &skips.add({label(kSkipReasons[i])});
  auto& requeues = r.counter("baton_requeues_total", "Live conversations put back in the queue.", {"reason"});
  for (std::size_t i = 0; i < kRequeueReasons.size(); ++i) requeues_[i] = &requeues.add({label(kRequeueReasons[i])});
  auto& messages = r.counter("baton_messages_total", "Messages stored.", {"sender", "channel"});
  for (std::size_t s = 0; s < kSenders.size(); ++s) {
    for (auto channel : kChannels) {
      messages_[s][index_of(channel)] =
          &messages.add({label(core::name_of(kSenders[s])), label(core::name_of(channel))});
    }
  }
  auto& csat = r.counter("baton_csat_responses_total", "Satisfaction ratings received.", {"score"});
  for (int score = 1; score <= 5; ++score)
    csat_[static_cast<std::size_t>(score - 1)] = &csat.add({std::to_string(score)});

  // The AI.
  auto& answers = r.counter("baton_ai_answers_total", "AI answers, by responder and outcome.", {"backend", "outcome"});
  for (std::size_t b = 0; b < kAiBackends.size(); ++b) {
    for (std::size_t o = 0; o < kAiOutcomes.size(); ++o) {
      ai_answers_[b][o] = &answers.add({label(kAiBackends[b]), label(kAiOutcomes[o])});
    }
  }
  llm_seconds_ =
      &r.histogram("baton_llm_request_seconds", "Calls to an OpenAI-compatible endpoint.", kLlmBuckets).add({});
  webhook_seconds_ =
      &r.histogram("baton_webhook_delivery_seconds",
                   "One try of an outgoing webhook, until the receiver answered or gave up.", kLlmBuckets)
           .add({});
  auto& llm_errors = r.counter("baton_llm_errors_total", "Failed calls to an LLM endpoint.", {"kind"});
  for (std::size_t i = 0; i < kLlmErrorKinds.size(); ++i) llm_errors_[i] = &llm_errors.add({label(kLlmErrorKinds[i])});

  // Sockets.
  auto& sockets = r.gauge("baton_ws_connections", "Open WebSocket connections on this node.", {"kind"});
  auto& dropped = r.counter("baton_ws_dropped_slow_clients_total",
                            "WebSocket clients dropped for falling too far behind.", {"kind"});
  for (std::size_t i = 0; i < kSocketKinds.size(); ++i) {
    ws_connections_[i] = &sockets.add({label(kSocketKinds[i])});
    ws_dropped_[i] = &dropped.add({label(kSocketKinds[i])});
  }

  // Outboxes.
  auto& pending = r.gauge("baton_outbox_pending", "Deliveries not yet done.", {"sink"});
  auto& oldest_pending =
      r.gauge("baton_outbox_oldest_seconds", "Age of the oldest delivery not yet done, 0 when none.", {"sink"});
  auto& attempts = r.counter("baton_outbox_attempts_total", "Delivery attempts, by result.", {"sink", "outcome"});
  for (auto sink : {OutboxSink::line, OutboxSink::webhook, OutboxSink::email}) {
    const auto s = static_cast<std::size_t>(sink);
    outbox_pending_[s] = &pending.add({label(name_of(sink))});
    outbox_oldest_[s] = &oldest_pending.add({label(name_of(sink))});
    for (std::size_t o = 0; o < kOutboxOutcomes.size(); ++o) {
      outbox_attempts_[s][o] = &attempts.add({label(name_of(sink)), label(kOutboxOutcomes[o])});
    }
  }
  auto& line_calls = r.counter("baton_line_api_calls_total", "Calls to the LINE Messaging API.", {"api", "outcome"});
  for (std::size_t a = 0; a < kLineApis.size(); ++a) {
    for (std::size_t o = 0; o < kCallOutcomes.size(); ++o) {
      line_calls_[a][o] = &line_calls.add({label(kLineApis[a]), label(kCallOutcomes[o])});
    }
  }

  // The store's group commits.
  commit_seconds_ =
      &r.histogram("baton_store_commit_seconds", "One group commit of write jobs, fsync included.", kCommitBuckets)
           .add({});
  commit_batch_ =
      &r.histogram("baton_store_commit_batch_size", "Write jobs committed together.", kBatchBuckets).add({});

  r.add(process_);
}

void BatonMetrics::event_committed(const CommittedEvent& event) {
  const auto channel = index_of(event.channel);
  switch (event.type) {
    case LogEventType::handoff_requested:
      handoffs_[channel][static_cast<std::size_t>(event.handoff_reason)]->inc();
      break;
    case LogEventType::assigned:
      assignments_[static_cast<std::size_t>(event.by)]->inc();
      // Only the first assignment after a live request carries a wait (see EventLog).
      if (event.duration_ms) handoff_wait_[channel]->observe(seconds_of(*event.duration_ms));
      break;
    case LogEventType::agent_message_first:
      if (event.first_of_episode && event.duration_ms)
        first_response_[channel]->observe(seconds_of(*event.duration_ms));
      break;
    case LogEventType::requeued:
      for (std::size_t i = 0; i < kRequeueReasons.size(); ++i) {
        if (event.reason == kRequeueReasons[i]) requeues_[i]->inc();
      }
      break;
    case LogEventType::transferred:
      if (event.to_queue) requeues_[1]->inc();
      break;
    case LogEventType::abandoned:
      abandoned_[channel]->inc();
      break;
    case LogEventType::csat_submitted:
      csat_response(event.score);
      break;
    case LogEventType::offline_message:
    case LogEventType::done:
    case LogEventType::reactivated:
    case LogEventType::labels_changed:
    case LogEventType::csat_requested:
      break;
  }
}

void BatonMetrics::message_committed(core::Sender sender, core::Channel channel) {
  messages_[static_cast<std::size_t>(sender)][index_of(channel)]->inc();
}

void BatonMetrics::csat_response(int score) {
  if (score >= 1 && score <= 5) csat_[static_cast<std::size_t>(score - 1)]->inc();
}

void BatonMetrics::outbox_attempt(OutboxSink sink, OutboxOutcome outcome) {
  outbox_attempts_[static_cast<std::size_t>(sink)][static_cast<std::size_t>(outcome)]->inc();
}

void BatonMetrics::line_api_call(LineApiCall api, bool ok) {
  line_calls_[static_cast<std::size_t>(api)][ok ? 0 : 1]->inc();
}

void BatonMetrics::ai_answer(AiBackend backend, AiOutcome outcome) {
  ai_answers_[static_cast<std::size_t>(backend)][static_cast<std::size_t>(outcome)]->inc();
}

void BatonMetrics::llm_request(std::chrono::duration<double> took) { llm_seconds_->observe(took.count()); }

void BatonMetrics::webhook_delivery(std::chrono::duration<double> took) { webhook_seconds_->observe(took.count()); }

void BatonMetrics::llm_error(LlmErrorKind kind) { llm_errors_[static_cast<std::size_t>(kind)]->inc(); }

void BatonMetrics::store_commit(std::chrono::duration<double> took, std::size_t jobs) {
  commit_seconds_->observe(took.count());
  commit_batch_->observe(static_cast<double>(jobs));
}

void BatonMetrics::assignment_skipped(AssignmentSkip why) { skips_[static_cast<std::size_t>(why)]->inc(); }

void BatonMetrics::set(const QueueGauges& queue) {
  std::vector<metrics::SnapshotGaugeFamily::Series> waiting;
  std::vector<metrics::SnapshotGaugeFamily::Series> oldest;
  std::vector<metrics::SnapshotGaugeFamily::Series> conversations;
  auto add = [&](const std::optional<core::Id>& assistant, const QueueFigures& figures) {
    auto labels = [&assistant](std::vector<std::string> values) {
      if (assistant) values.insert(values.begin(), *assistant);
      return values;
    };
    for (auto channel : kChannels) {
      const auto c = index_of(channel);
      const auto name = label(core::name_of(channel));
      waiting.push_back({labels({name, "false"}), figures.waiting[c][0]});
      waiting.push_back({labels({name, "true"}), figures.waiting[c][1]});
      oldest.push_back({labels({name}), figures.oldest_wait_seconds[c]});
    }
    for (std::size_t i = 0; i < kOpenStatuses.size(); ++i) {
      conversations.push_back({labels({label(core::name_of(kOpenStatuses[i]))}), figures.conversations[i]});
    }
  };
  if (per_assistant_) {
    for (const auto& [assistant, figures] : queue.by_assistant) add(assistant, figures);
  } else {
    add(std::nullopt, queue.all);
  }
  queue_waiting_->replace(std::move(waiting));
  queue_oldest_->replace(std::move(oldest));
  conversations_->replace(std::move(conversations));
}

void BatonMetrics::set(const AgentGauges& agents) {
  for (std::size_t p = 0; p < 3; ++p) {
    agents_[p][0]->set(agents.agents[p][0]);
    agents_[p][1]->set(agents.agents[p][1]);
  }
  agents_available_->set(agents.available);
  capacity_slots_->set(agents.capacity_slots);
  load_->set(agents.load);
}

void BatonMetrics::set(OutboxSink sink, const OutboxGauges& outbox) {
  outbox_pending_[static_cast<std::size_t>(sink)]->set(outbox.pending);
  outbox_oldest_[static_cast<std::size_t>(sink)]->set(outbox.oldest_seconds);
}

}  // namespace baton::app
