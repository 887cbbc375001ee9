// Reports (team operations §4.10): the summary, the timeseries, the agents table and the live
// wallboard, as JSON or (format=csv) as a spreadsheet file.
#include "app/report_json.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "core/names.hpp"

namespace baton::channels::http {
namespace {

namespace json = boost::json;

enum class Format { json, csv };

core::Error bad(std::string message) { return {core::ErrorCode::invalid_field, std::move(message)}; }

// A query parameter, absent when empty (a console form sends its blank filters).
std::optional<std::string> filled(const RequestContext& context, std::string_view key) {
  auto value = context.query(key);
  if (value && value->empty()) return std::nullopt;
  return value;
}

core::Result<app::ReportQuery> report_query(const RequestContext& context) {
  app::ReportQuery query;
  query.from = filled(context, "from");
  query.to = filled(context, "to");
  query.timezone = filled(context, "tz");
  query.assistant_id = filled(context, "assistant_id");
  query.agent_id = filled(context, "agent_id");
  query.label = filled(context, "label");
  if (auto channel = filled(context, "channel")) {
    query.channel = core::parse_channel(*channel);
    if (!query.channel) return tl::unexpected(bad("channel must be web or line"));
  }
  if (auto business = filled(context, "business_hours")) {
    if (*business != "true" && *business != "false") {
      return tl::unexpected(bad("business_hours must be true or false"));
    }
    query.business_hours = *business == "true";
  }
  return query;
}

core::Result<Format> format_of(const RequestContext& context) {
  const auto format = filled(context, "format").value_or("json");
  if (format == "json") return Format::json;
  if (format == "csv") return Format::csv;
  return tl::unexpected(bad("format must be json or csv"));
}

Response csv_file(std::string body, std::string_view name) {
  Response response{status::ok, 11};
  response.set(beast_http::field::content_type, "text/csv; charset=utf-8");
  response.set(beast_http::field::content_disposition, "attachment; filename=\"baton-" + std::string(name) + ".csv\"");
  response.set(beast_http::field::cache_control, "no-store");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

// Both forms of one report: the JSON answer, or the rows as CSV.
struct Rendered {
  json::object answer;
  std::vector<json::object> rows;
};

Response respond(const core::Result<Rendered>& rendered, Format format, std::string_view name) {
  if (!rendered) return error_response(rendered.error());
  if (format == Format::csv) return csv_file(app::report_csv(rendered->rows), name);
  return json_response(status::ok, rendered->answer);
}

// One row of a range's columns then the item's (a CSV row stands alone).
json::object with_range(const core::ReportRange& range, json::object item) {
  json::object row = app::report_range_json(range);
  for (auto& [key, value] : item) row[key] = std::move(value);
  return row;
}

asio::awaitable<Response> get_summary(RequestContext& context, app::Services& services,
                                      const app::Principal& principal) {
  auto query = report_query(context);
  if (!query) co_return error_response(query.error());
  auto format = format_of(context);
  if (!format) co_return error_response(format.error());
  auto report = co_await services.reports.summary(actor_of(principal), std::move(*query));
  if (!report) co_return error_response(report.error());
  auto metrics = app::report_metrics_json(report->summary);
  Rendered rendered{{{"range", app::report_range_json(report->range)}, {"metrics", metrics}},
                    {with_range(report->range, metrics)}};
  co_return respond(rendered, *format, "summary");
}

asio::awaitable<Response> get_timeseries(RequestContext& context, app::Services& services,
                                         const app::Principal& principal) {
  auto query = report_query(context);
  if (!query) co_return error_response(query.error());
  auto format = format_of(context);
  if (!format) co_return error_response(format.error());
  const auto group_by = filled(context, "group_by").value_or("day");
  const auto size = core::parse_bucket_size(group_by);
  if (!size) co_return error_response(bad("group_by must be hour, day, week or month"));
  const auto metric = filled(context, "metric").value_or("handoff_requests");
  if (!app::report_metric(app::report_metrics_json(core::ReportSummary{}), metric)) {
    co_return error_response(
        bad("metric must name a number of the summary, such as handoff_requests or "
            "first_response_time.p50_s"));
  }
  auto report = co_await services.reports.timeseries(actor_of(principal), std::move(*query), *size);
  if (!report) co_return error_response(report.error());
  Rendered rendered;
  json::array points;
  for (const auto& point : report->points) {
    auto value = app::report_metric(app::report_metrics_json(point.summary), metric).value_or(nullptr);
    json::object item{{"start", core::format_local_time(point.start, report->range.timezone)}, {"value", value}};
    rendered.rows.push_back(item);
    points.push_back(std::move(item));
  }
  rendered.answer = {{"range", app::report_range_json(report->range)},
                     {"metric", metric},
                     {"group_by", group_by},
                     {"points", std::move(points)}};
  co_return respond(rendered, *format, "timeseries");
}

asio::awaitable<Response> get_agents(RequestContext& context, app::Services& services,
                                     const app::Principal& principal) {
  auto query = report_query(context);
  if (!query) co_return error_response(query.error());
  auto format = format_of(context);
  if (!format) co_return error_response(format.error());
  auto report = co_await services.reports.agents(actor_of(principal), std::move(*query));
  if (!report) co_return error_response(report.error());
  Rendered rendered;
  json::array agents;
  for (const auto& row : report->rows) {
    auto item = app::agent_report_json(row);
    rendered.rows.push_back(with_range(report->range, item));
    agents.push_back(std::move(item));
  }
  rendered.answer = {{"range", app::report_range_json(report->range)}, {"agents", std::move(agents)}};
  co_return respond(rendered, *format, "agents");
}

asio::awaitable<Response> get_live(RequestContext& context, app::Services& services, const app::Principal& principal) {
  auto format = format_of(context);
  if (!format) co_return error_response(format.error());
  auto report = co_await services.reports.live(actor_of(principal), filled(context, "assistant_id"));
  if (!report) co_return error_response(report.error());
  Rendered rendered;
  json::array agents;
  for (const auto& agent : report->agents) {
    auto item = app::live_agent_json(agent);
    rendered.rows.push_back(item);
    agents.push_back(std::move(item));
  }
  rendered.answer = {
      {"waiting", report->waiting},
      {"oldest_waiting_s", report->oldest_waiting_s ? json::value(*report->oldest_waiting_s) : json::value(nullptr)},
      {"agents", std::move(agents)}};
  co_return respond(rendered, *format, "live");
}

constexpr ConsoleRoute kConsoleRoutes[] = {
    {verb::get, "/api/v1/reports/summary", get_summary},
    {verb::get, "/api/v1/reports/timeseries", get_timeseries},
    {verb::get, "/api/v1/reports/agents", get_agents},
    {verb::get, "/api/v1/reports/live", get_live},
};

}  // namespace

RouteTables report_routes() { return {.console = kConsoleRoutes}; }

}  // namespace baton::channels::http
