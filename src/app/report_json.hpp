// Reports as the API answers them: JSON whose keys are the metric names of team operations
// §4.10, and the same as CSV (RFC 4180, UTF-8 with a BOM so that Excel reads zh-TW names; the
// columns are the JSON keys, nested ones dotted: wait_time.p50_s).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/report_service.hpp"

namespace baton::app {

boost::json::object report_range_json(const core::ReportRange& range);
// {conversations, handoff_requests, …, csat: {…}}
boost::json::object report_metrics_json(const core::ReportSummary& summary);
boost::json::object agent_report_json(const AgentReportRow& row);
boost::json::object live_agent_json(const LiveAgent& agent);

// A metric of report_metrics_json by its dotted name ("first_response_time.p50_s"); unset when
// there is no such number (a whole object such as "wait_time" is none).
std::optional<boost::json::value> report_metric(const boost::json::object& metrics, std::string_view name);

// Flat rows (objects whose values may be objects one level deep) as CSV with a BOM; the header
// is the first row's keys.
std::string report_csv(const std::vector<boost::json::object>& rows);

}  // namespace baton::app
