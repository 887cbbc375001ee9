#include "app/metrics/metrics_scraper.hpp"

#include <algorithm>
#include <unordered_map>

#include "app/async.hpp"

namespace baton::app {
namespace {

double seconds_since(core::TimePoint since, core::TimePoint now) {
  return std::max(0.0, std::chrono::duration<double>(now - since).count());
}

std::size_t index_of(core::Channel channel) { return channel == core::Channel::web ? 0 : 1; }

// How many live conversations the agent may hold: their own cap, else the smallest default of
// the assistants they serve; nullopt when unlimited.
std::optional<int> capacity_of(const core::Agent& agent, const std::vector<core::Assistant>& assistants) {
  if (agent.max_concurrent) return agent.max_concurrent;
  std::optional<int> capacity;
  for (const auto& assistant : assistants) {
    const bool serves = agent.assistant_ids.empty() || std::find(agent.assistant_ids.begin(), agent.assistant_ids.end(),
                                                                 assistant.id) != agent.assistant_ids.end();
    if (!serves || !assistant.routing.default_capacity) continue;
    capacity = capacity ? std::min(*capacity, *assistant.routing.default_capacity) : assistant.routing.default_capacity;
  }
  return capacity;
}

}  // namespace

MetricsScraper::MetricsScraper(BatonMetrics& metrics, store::Store& store, PresenceService& presence,
                               asio::thread_pool& pool, ClockFn clock)
    : metrics_(metrics), store_(store), presence_(presence), pool_(pool), clock_(std::move(clock)) {
  add_outbox(OutboxSink::line, [](store::ReadTxn& txn) { return txn.line_outbox_backlog(); });
}

void MetricsScraper::add_outbox(OutboxSink sink, OutboxProbe probe) { outboxes_.emplace_back(sink, std::move(probe)); }

asio::awaitable<std::string> MetricsScraper::scrape() {
  auto work = [this] { return scrape_blocking(); };
  co_return co_await offload(pool_, std::move(work));
}

std::string MetricsScraper::scrape_blocking() {
  std::lock_guard lock(scraping_);
  auto txn = store_.begin_read();
  read_state(*txn);
  return metrics_.render();
}

void MetricsScraper::read_state(store::ReadTxn& txn) {
  const auto now = clock_();
  QueueGauges queue;
  std::unordered_map<core::Id, QueueFigures> by_assistant;
  auto count_into = [&now](QueueFigures& figures, const store::OpenConversationCount& open) {
    const auto channel = index_of(open.channel);
    const auto count = static_cast<double>(open.count);
    figures.conversations[static_cast<std::size_t>(open.status)] += count;
    if (open.status != core::Status::waiting) return;
    figures.waiting[channel][open.offline_request ? 1 : 0] += count;
    if (!open.offline_request && open.oldest_request) {
      figures.oldest_wait_seconds[channel] =
          std::max(figures.oldest_wait_seconds[channel], seconds_since(*open.oldest_request, now));
    }
  };
  for (const auto& open : txn.open_conversation_counts()) {
    count_into(queue.all, open);
    if (metrics_.per_assistant()) count_into(by_assistant[open.assistant_id], open);
  }
  if (metrics_.per_assistant()) {
    for (const auto& assistant : txn.assistants())
      queue.by_assistant.emplace_back(assistant.id, by_assistant[assistant.id]);
  }
  metrics_.set(queue);

  AgentGauges agents;
  std::unordered_map<core::Id, int> live;
  for (const auto& [agent_id, count] : txn.live_counts()) live[agent_id] = count;
  std::unordered_map<core::Id, core::Agent> roster;
  for (auto& agent : txn.agents()) roster.emplace(agent.id, std::move(agent));
  const auto assistants = presence_.assistants();
  for (const auto& staffing : presence_.staffing()) {
    agents.agents[static_cast<std::size_t>(staffing.presence)][staffing.connected ? 1 : 0] += 1;
    if (!staffing.available) continue;
    agents.available += 1;
    agents.load += live.contains(staffing.agent_id) ? live[staffing.agent_id] : 0;
    const auto agent = roster.find(staffing.agent_id);
    if (agent == roster.end()) continue;
    if (const auto capacity = capacity_of(agent->second, assistants)) agents.capacity_slots += *capacity;
  }
  metrics_.set(agents);

  for (const auto& [sink, probe] : outboxes_) {
    const auto backlog = probe(txn);
    metrics_.set(sink, OutboxGauges{static_cast<double>(backlog.pending),
                                    backlog.oldest ? seconds_since(*backlog.oldest, now) : 0.0});
  }
}

}  // namespace baton::app
