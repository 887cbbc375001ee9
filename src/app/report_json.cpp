#include "app/report_json.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

#include "core/csv.hpp"
#include "core/names.hpp"
#include "core/time.hpp"

namespace baton::app {
namespace {

namespace json = boost::json;

// Seconds to the millisecond, rates to 4 places; a whole number as an integer, so that the
// JSON reads 12 rather than 1.2E1.
json::value number(std::optional<double> value, double scale) {
  if (!value) return nullptr;
  const double rounded = std::round(*value * scale) / scale;
  if (rounded == std::floor(rounded) && std::abs(rounded) < 1e15) return static_cast<std::int64_t>(rounded);
  return rounded;
}
json::value seconds(std::optional<double> value) { return number(value, 1000.0); }
json::value rate(std::optional<double> value) { return number(value, 10000.0); }

json::object stats_json(const core::DurationStats& stats) {
  return {{"count", stats.count},
          {"avg_s", seconds(stats.avg_s)},
          {"p50_s", seconds(stats.p50_s)},
          {"p90_s", seconds(stats.p90_s)}};
}

std::string cell_text(const json::value& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return core::escape_formula(value.as_string());
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  if (value.is_int64()) return std::to_string(value.as_int64());
  if (value.is_uint64()) return std::to_string(value.as_uint64());
  if (value.is_double()) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value.as_double());
    return error == std::errc() ? std::string(buffer, end) : "";
  }
  return json::serialize(value);
}

// The row's cells with dotted names for nested objects, in order.
void flatten(const json::object& row, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& [key, value] : row) {
    const auto name = prefix + std::string(key);
    if (value.is_object()) {
      flatten(value.as_object(), name + ".", out);
    } else {
      out.emplace_back(name, cell_text(value));
    }
  }
}

}  // namespace

json::object report_range_json(const core::ReportRange& range) {
  return {{"from", core::format_time(range.from)}, {"to", core::format_time(range.to)}, {"tz", range.timezone}};
}

json::object report_metrics_json(const core::ReportSummary& s) {
  json::object csat{{"requested", s.csat.requested},
                    {"responses", s.csat.responses},
                    {"score_pct", number(s.csat.score_pct, 100.0)},
                    {"avg", number(s.csat.avg, 100.0)},
                    {"response_rate", rate(s.csat.response_rate)}};
  return {{"conversations", s.conversations},
          {"ai_engaged", s.ai_engaged},
          {"handoff_requests", s.handoff_requests},
          {"live_requests", s.live_requests},
          {"handoff_rate", rate(s.handoff_rate)},
          {"ai_resolved", s.ai_resolved},
          {"containment_rate", rate(s.containment_rate)},
          {"wait_time", stats_json(s.wait_time)},
          {"abandoned", s.abandoned},
          {"abandon_rate", rate(s.abandon_rate)},
          {"first_response_time", stats_json(s.first_response_time)},
          {"agent_first_response", stats_json(s.agent_first_response)},
          {"reply_time", stats_json(s.reply_time)},
          {"handle_time", stats_json(s.handle_time)},
          {"resolutions", s.resolutions},
          {"reopens", s.reopens},
          {"transfers", s.transfers},
          {"assignments", s.assignments},
          {"offline_messages", s.offline_messages},
          {"offline_reply_time", stats_json(s.offline_reply_time)},
          {"csat", std::move(csat)}};
}

json::object agent_report_json(const AgentReportRow& row) {
  const auto& s = row.summary;
  // Available time and utilization come from the minute samples (null before any).
  return {{"agent_id", row.agent.id},
          {"name", row.agent.name},
          {"assignments", s.assignments},
          {"resolutions", s.resolutions},
          {"transfers_out", s.transfers},
          {"first_response_p50_s", seconds(s.first_response_time.p50_s)},
          {"reply_time_p50_s", seconds(s.reply_time.p50_s)},
          {"handle_time_p50_s", seconds(s.handle_segments.p50_s)},
          {"csat_score_pct", number(s.csat.score_pct, 100.0)},
          {"available_s", s.available_s ? json::value(*s.available_s) : json::value(nullptr)},
          {"utilization", rate(s.utilization)}};
}

json::object live_agent_json(const LiveAgent& agent) {
  return {{"agent_id", agent.agent_id},
          {"name", agent.name},
          {"presence", core::name_of(agent.presence)},
          {"available", agent.available},
          {"live_count", agent.live_count},
          {"capacity", agent.capacity ? json::value(*agent.capacity) : json::value(nullptr)}};
}

std::optional<json::value> report_metric(const json::object& metrics, std::string_view name) {
  const json::object* object = &metrics;
  while (true) {
    const auto dot = name.find('.');
    const auto key = name.substr(0, dot);
    const auto* value = object->if_contains(key);
    if (!value) return std::nullopt;
    if (dot == std::string_view::npos) {
      if (value->is_object()) return std::nullopt;
      return *value;
    }
    if (!value->is_object()) return std::nullopt;
    object = &value->as_object();
    name.remove_prefix(dot + 1);
  }
}

std::string report_csv(const std::vector<json::object>& rows) {
  std::string body = "\xEF\xBB\xBF";  // the UTF-8 BOM
  bool header = false;
  for (const auto& row : rows) {
    std::vector<std::pair<std::string, std::string>> cells;
    flatten(row, "", cells);
    if (!header) {
      core::CsvRecord names;
      for (const auto& cell : cells) names.push_back(cell.first);
      body += core::format_csv_record(names);
      header = true;
    }
    core::CsvRecord values;
    for (auto& cell : cells) values.push_back(std::move(cell.second));
    body += core::format_csv_record(values);
  }
  return body;
}

}  // namespace baton::app
