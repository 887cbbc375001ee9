#include "core/report_metrics.hpp"

#include <algorithm>
#include <numeric>
#include <set>

namespace baton::core {
namespace {

double seconds(std::int64_t milliseconds) { return static_cast<double>(milliseconds) / 1000.0; }

std::optional<double> ratio(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

// A window's facts, by kind: counts and the durations (raw or business) to summarise.
struct Tally {
  std::int64_t counts[static_cast<int>(FactKind::available) + 1] = {};
  std::vector<std::int64_t> durations[static_cast<int>(FactKind::available) + 1];
  double share_total = 0;
  std::int64_t shares = 0;
  std::set<Id> ai_engaged;
  std::int64_t good_ratings = 0;
  std::int64_t score_total = 0;
};

bool is_duration(FactKind kind) {
  switch (kind) {
    case FactKind::wait:
    case FactKind::first_response:
    case FactKind::agent_first_response:
    case FactKind::reply:
    case FactKind::handle:
    case FactKind::handle_segment:
    case FactKind::offline_reply:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent) {
  // rank = ceil(p/100 * n), 1-based, computed in integers.
  const auto n = static_cast<std::int64_t>(sorted.size());
  auto rank = (percent * n + 99) / 100;
  rank = std::clamp<std::int64_t>(rank, 1, n);
  return sorted[static_cast<std::size_t>(rank - 1)];
}

DurationStats duration_stats(std::vector<std::int64_t> milliseconds) {
  DurationStats stats;
  stats.count = static_cast<std::int64_t>(milliseconds.size());
  if (milliseconds.empty()) return stats;
  std::sort(milliseconds.begin(), milliseconds.end());
  const auto total = std::accumulate(milliseconds.begin(), milliseconds.end(), std::int64_t{0});
  stats.avg_s = seconds(total) / static_cast<double>(stats.count);
  stats.p50_s = seconds(nearest_rank(milliseconds, 50));
  stats.p90_s = seconds(nearest_rank(milliseconds, 90));
  return stats;
}

ReportSummary summarize(std::span<const ReportFact> facts, const ReportWindow& window) {
  Tally tally;
  for (const auto& fact : facts) {
    if (fact.at < window.from || fact.at >= window.to) continue;
    if (window.agent_id && fact.agent_id != window.agent_id) continue;
    const auto kind = static_cast<int>(fact.kind);
    ++tally.counts[kind];
    if (is_duration(fact.kind)) tally.durations[kind].push_back(window.business_hours ? fact.business_ms : fact.ms);
    if (fact.kind == FactKind::ai_engaged) tally.ai_engaged.insert(fact.conversation_id);
    if (fact.kind == FactKind::available && fact.share) {
      tally.share_total += *fact.share;
      ++tally.shares;
    }
    if (fact.kind == FactKind::csat_submitted) {
      tally.score_total += fact.score;
      if (fact.score >= 4) ++tally.good_ratings;
    }
  }
  const auto count = [&](FactKind kind) { return tally.counts[static_cast<int>(kind)]; };
  const auto stats = [&](FactKind kind) { return duration_stats(std::move(tally.durations[static_cast<int>(kind)])); };

  ReportSummary summary;
  summary.conversations = count(FactKind::conversation);
  summary.ai_engaged = static_cast<std::int64_t>(tally.ai_engaged.size());
  summary.handoff_requests = count(FactKind::handoff_request);
  summary.live_requests = count(FactKind::live_request);
  summary.handoff_rate = ratio(summary.handoff_requests, summary.ai_engaged);
  summary.ai_resolved = count(FactKind::ai_resolved);
  summary.containment_rate = ratio(summary.ai_resolved, summary.ai_engaged);
  summary.wait_time = stats(FactKind::wait);
  summary.abandoned = count(FactKind::abandoned);
  summary.abandon_rate = ratio(summary.abandoned, summary.live_requests);
  summary.first_response_time = stats(FactKind::first_response);
  summary.agent_first_response = stats(FactKind::agent_first_response);
  summary.reply_time = stats(FactKind::reply);
  summary.handle_time = stats(FactKind::handle);
  summary.handle_segments = stats(FactKind::handle_segment);
  summary.resolutions = count(FactKind::resolution);
  summary.reopens = count(FactKind::reopen);
  summary.transfers = count(FactKind::transfer);
  summary.assignments = count(FactKind::assignment);
  summary.offline_messages = count(FactKind::offline_message);
  summary.offline_reply_time = stats(FactKind::offline_reply);
  auto& csat = summary.csat;
  csat.requested = count(FactKind::csat_requested);
  csat.responses = count(FactKind::csat_submitted);
  if (csat.responses > 0) {
    csat.score_pct = 100.0 * static_cast<double>(tally.good_ratings) / static_cast<double>(csat.responses);
    csat.avg = static_cast<double>(tally.score_total) / static_cast<double>(csat.responses);
  }
  csat.response_rate = ratio(csat.responses, csat.requested);
  if (const auto minutes = count(FactKind::available); minutes > 0) {
    summary.available_s = minutes * kAvailabilitySamplePeriod.count();
  }
  if (tally.shares > 0) summary.utilization = tally.share_total / static_cast<double>(tally.shares);
  return summary;
}

}  // namespace baton::core
