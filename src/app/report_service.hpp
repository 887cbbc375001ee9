// Reports (team operations §4.10): the summary, the timeseries, the agents table and the live
// wallboard. Every report reads the range once (store::ReportReadTxn), derives its facts once
// (app/report_facts.hpp) and adds them up per window (core::summarize), so a CSV, a chart and a
// tile can never disagree. Admins see everything; an agent sees their own numbers only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/async.hpp"
#include "app/presence_service.hpp"
#include "core/conversation_rules.hpp"  // Actor
#include "core/report_metrics.hpp"
#include "core/report_time.hpp"
#include "store/store.hpp"

namespace baton::app {

// A report's query, as the client sent it (the service validates it).
struct ReportQuery {
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> timezone;
  std::optional<core::Id> assistant_id;
  std::optional<core::Channel> channel;
  std::optional<core::Id> agent_id;
  std::optional<std::string> label;
  bool business_hours = false;
};

struct SummaryReport {
  core::ReportRange range;
  core::ReportSummary summary;
};

struct TimeseriesPoint {
  core::TimePoint start;
  core::ReportSummary summary;
};

struct TimeseriesReport {
  core::ReportRange range;
  std::vector<TimeseriesPoint> points;
};

struct AgentReportRow {
  core::Agent agent;
  core::ReportSummary summary;
};

struct AgentsReport {
  core::ReportRange range;
  std::vector<AgentReportRow> rows;
};

struct LiveAgent {
  core::Id agent_id;
  std::string name;
  core::Presence presence = core::Presence::offline;
  bool available = false;
  int live_count = 0;
  std::optional<int> capacity;
};

struct LiveReport {
  int waiting = 0;
  std::optional<std::int64_t> oldest_waiting_s;
  std::vector<LiveAgent> agents;
};

class ReportService {
 public:
  ReportService(store::Store& store, asio::thread_pool& pool, PresenceService& presence, ClockFn clock,
                std::string default_timezone)
      : store_(store),
        pool_(pool),
        presence_(presence),
        clock_(std::move(clock)),
        default_timezone_(std::move(default_timezone)) {}

  // 400 invalid_timezone / invalid_field for a bad query; 403 for an agent asking about another.
  asio::awaitable<core::Result<SummaryReport>> summary(core::Actor actor, ReportQuery query);
  asio::awaitable<core::Result<TimeseriesReport>> timeseries(core::Actor actor, ReportQuery query,
                                                             core::BucketSize size);
  // Every agent (an agent: their own row), by name.
  asio::awaitable<core::Result<AgentsReport>> agents(core::Actor actor, ReportQuery query);
  asio::awaitable<core::Result<LiveReport>> live(core::Actor actor, std::optional<core::Id> assistant_id);
  // Presence history: records, for this minute, every agent available now with their load (run
  // each minute on every node; the store keeps one row per agent and minute).
  void sample_availability();

 private:
  struct Prepared {
    core::ReportRange range;
    core::ReportWindow window;
    std::vector<core::ReportFact> facts;
    std::vector<core::Agent> agents;
  };
  // Checks the query and the caller's right to it, reads the range and derives its facts.
  asio::awaitable<core::Result<Prepared>> prepare(core::Actor actor, ReportQuery query);

  store::Store& store_;
  asio::thread_pool& pool_;
  PresenceService& presence_;
  ClockFn clock_;
  std::string default_timezone_;
};

}  // namespace baton::app
