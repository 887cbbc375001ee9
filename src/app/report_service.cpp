#include "app/report_service.hpp"

#include <algorithm>
#include <map>
#include <span>

#include "app/report_facts.hpp"
#include "core/routing.hpp"

namespace baton::app {
namespace {

// What a report reads and derives on the blocking pool (never on a network thread): the facts of
// the range (read with the day before it, for answers resolved 24 h later), by time, and the
// agents.
struct ReportRead {
  std::vector<core::ReportFact> facts;
  std::vector<core::Agent> agents;
};

ReportRead read_facts(store::ReadTxn& txn, const store::ReportScope& scope, core::TimePoint now) {
  const core::ReportData data{txn.report_events(scope), txn.report_messages(scope), txn.availability_samples(scope)};
  std::map<core::Id, core::BusinessHours> hours;
  for (const auto& assistant : txn.assistants()) hours[assistant.id] = assistant.business_hours;
  const HoursOf hours_of = [&hours](const core::Id& assistant_id) {
    const auto found = hours.find(assistant_id);
    return found == hours.end() ? core::BusinessHours{} : found->second;
  };
  ReportRead read{derive_facts(data, now, hours_of), txn.agents()};
  std::stable_sort(read.facts.begin(), read.facts.end(),
                   [](const core::ReportFact& a, const core::ReportFact& b) { return a.at < b.at; });
  return read;
}

// The facts of [from, to) among facts sorted by time.
std::span<const core::ReportFact> facts_between(const std::vector<core::ReportFact>& facts, core::TimePoint from,
                                                core::TimePoint to) {
  const auto before = [](const core::ReportFact& fact, core::TimePoint at) { return fact.at < at; };
  const auto first = std::lower_bound(facts.begin(), facts.end(), from, before);
  const auto last = std::lower_bound(first, facts.end(), to, before);
  return {first, last};
}

core::Result<void> allowed(const core::Actor& actor, ReportQuery& query) {
  if (actor.role == core::Role::admin) return {};
  if (query.agent_id && *query.agent_id != actor.agent_id) {
    return core::fail(core::ErrorCode::forbidden, "an agent sees only their own report");
  }
  query.agent_id = actor.agent_id;  // an agent's report is always their own
  return {};
}

}  // namespace

asio::awaitable<core::Result<ReportService::Prepared>> ReportService::prepare(core::Actor actor, ReportQuery query) {
  if (auto ok = allowed(actor, query); !ok) co_return tl::unexpected(ok.error());
  if (query.timezone && !core::is_known_timezone(*query.timezone)) {
    co_return core::fail(core::ErrorCode::invalid_timezone, "tz must be an IANA time zone name such as Asia/Taipei");
  }
  const auto now = clock_();
  // The zone: asked for, else the assistant's business-hours zone, else the server's default.
  auto timezone = query.timezone;
  if (!timezone && query.assistant_id) {
    auto read_assistant = [id = *query.assistant_id](store::ReadTxn& txn) { return txn.assistant(id); };
    const auto assistant = co_await read(store_, pool_, std::move(read_assistant));
    if (assistant && assistant->business_hours.enabled) timezone = assistant->business_hours.timezone;
  }
  auto range = core::report_range(query.from, query.to, timezone.value_or(default_timezone_), now);
  if (!range) co_return tl::unexpected(range.error());

  store::ReportScope scope{range->from - core::kReportLookback, range->to, query.assistant_id, query.channel,
                           query.label};
  auto read_range = [scope, now](store::ReadTxn& txn) { return read_facts(txn, scope, now); };
  auto stored = co_await read(store_, pool_, std::move(read_range));
  Prepared prepared;
  prepared.facts = std::move(stored.facts);
  prepared.window = core::ReportWindow{range->from, range->to, query.agent_id, query.business_hours};
  prepared.range = std::move(*range);
  prepared.agents = std::move(stored.agents);
  co_return prepared;
}

asio::awaitable<core::Result<SummaryReport>> ReportService::summary(core::Actor actor, ReportQuery query) {
  auto prepared = co_await prepare(std::move(actor), std::move(query));
  if (!prepared) co_return tl::unexpected(prepared.error());
  co_return SummaryReport{prepared->range, core::summarize(prepared->facts, prepared->window)};
}

asio::awaitable<core::Result<TimeseriesReport>> ReportService::timeseries(core::Actor actor, ReportQuery query,
                                                                          core::BucketSize size) {
  auto prepared = co_await prepare(std::move(actor), std::move(query));
  if (!prepared) co_return tl::unexpected(prepared.error());
  auto buckets = core::report_buckets(prepared->range, size);
  if (!buckets) co_return tl::unexpected(buckets.error());
  TimeseriesReport report{prepared->range, {}};
  for (const auto& bucket : *buckets) {
    auto window = prepared->window;
    window.from = bucket.from;
    window.to = bucket.to;
    const auto facts = facts_between(prepared->facts, bucket.from, bucket.to);
    report.points.push_back(TimeseriesPoint{bucket.start, core::summarize(facts, window)});
  }
  co_return report;
}

asio::awaitable<core::Result<AgentsReport>> ReportService::agents(core::Actor actor, ReportQuery query) {
  auto prepared = co_await prepare(std::move(actor), std::move(query));
  if (!prepared) co_return tl::unexpected(prepared.error());
  AgentsReport report{prepared->range, {}};
  auto agents = std::move(prepared->agents);
  std::sort(agents.begin(), agents.end(), [](const core::Agent& a, const core::Agent& b) {
    return a.name == b.name ? a.id < b.id : a.name < b.name;
  });
  for (auto& agent : agents) {
    if (prepared->window.agent_id && agent.id != *prepared->window.agent_id) continue;
    auto window = prepared->window;
    window.agent_id = agent.id;
    auto summary = core::summarize(prepared->facts, window);
    report.rows.push_back(AgentReportRow{std::move(agent), std::move(summary)});
  }
  co_return report;
}

asio::awaitable<core::Result<LiveReport>> ReportService::live(core::Actor actor, std::optional<core::Id> assistant_id) {
  struct LiveRead {
    std::vector<core::Agent> agents;
    std::vector<core::Assistant> assistants;
    std::vector<std::pair<core::Id, int>> live_counts;
    std::vector<std::pair<core::Id, store::QueueSummary>> queues;
  };
  auto read_live = [assistant_id](store::ReadTxn& txn) {
    LiveRead live{txn.agents(), txn.assistants(), txn.live_counts(), {}};
    for (const auto& assistant : live.assistants) {
      if (assistant_id && assistant.id != *assistant_id) continue;
      live.queues.emplace_back(assistant.id, txn.queue_summary(assistant.id));
    }
    return live;
  };
  auto stored = co_await read(store_, pool_, std::move(read_live));
  const auto now = clock_();
  LiveReport report;
  for (const auto& [id, queue] : stored.queues) {
    report.waiting += queue.waiting;
    if (queue.oldest_waiting_since) {
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - *queue.oldest_waiting_since).count();
      report.oldest_waiting_s = std::max(report.oldest_waiting_s.value_or(0), std::max<std::int64_t>(waited, 0));
    }
  }
  std::optional<core::RoutingSettings> routing;
  for (const auto& assistant : stored.assistants) {
    if (assistant_id && assistant.id == *assistant_id) routing = assistant.routing;
  }
  std::map<core::Id, int> counts(stored.live_counts.begin(), stored.live_counts.end());
  for (const auto& agent : stored.agents) {
    if (agent.disabled) continue;
    if (actor.role != core::Role::admin && agent.id != actor.agent_id) continue;
    LiveAgent row{agent.id, agent.name, presence_.presence_of(agent.id), presence_.is_available(agent.id), 0, {}};
    if (const auto found = counts.find(agent.id); found != counts.end()) row.live_count = found->second;
    row.capacity = routing ? core::capacity_of(agent, *routing) : agent.max_concurrent;
    report.agents.push_back(std::move(row));
  }
  std::sort(report.agents.begin(), report.agents.end(), [](const LiveAgent& a, const LiveAgent& b) {
    return a.name == b.name ? a.agent_id < b.agent_id : a.name < b.name;
  });
  co_return report;
}

void ReportService::sample_availability() {
  const auto minute = std::chrono::floor<std::chrono::minutes>(clock_());
  auto sample = [this, minute](store::WriteTxn& txn) {
    const auto assistants = txn.assistants();
    const auto counts = txn.live_counts();
    std::vector<core::AvailabilitySample> samples;
    for (const auto& agent : txn.agents()) {
      if (agent.disabled || !presence_.is_available(agent.id)) continue;
      core::AvailabilitySample row{agent.id, minute, 0, agent.max_concurrent};
      for (const auto& [id, count] : counts) {
        if (id == agent.id) row.live_count = count;
      }
      // Without a limit of their own: the largest default of the assistants they serve.
      for (const auto& assistant : assistants) {
        const bool serves = agent.assistant_ids.empty() ||
                            std::find(agent.assistant_ids.begin(), agent.assistant_ids.end(), assistant.id) !=
                                agent.assistant_ids.end();
        if (agent.max_concurrent || !serves || !assistant.routing.default_capacity) continue;
        row.capacity = std::max(row.capacity.value_or(0), *assistant.routing.default_capacity);
      }
      samples.push_back(std::move(row));
    }
    if (!samples.empty()) txn.record_availability(samples);
    return true;
  };
  store_.submit(store::WriteJob{std::move(sample), [](bool) {}});
}

}  // namespace baton::app
