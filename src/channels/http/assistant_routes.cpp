// Assistants and their knowledge: admins change settings, any agent reads and teaches.
#include <boost/json/array.hpp>

#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/business_hours_json.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"
#include "channels/http/knowledge_files.hpp"
#include "core/email.hpp"
#include "core/limits.hpp"
#include "core/names.hpp"
#include "core/time.hpp"

namespace baton::channels::http {
namespace {

// routing_mode, default_capacity, requeue_after_s, route_after_hours, business_hours.
core::Result<bool> routing_fields(const boost::json::object& body, app::AssistantFields& fields) {
  auto mode = optional_string(body, "routing_mode");
  if (!mode) return tl::unexpected(mode.error());
  if (*mode) {
    fields.routing_mode = core::parse_routing_mode(**mode);
    if (!fields.routing_mode) return core::fail(core::ErrorCode::invalid_field, "routing_mode must be manual or auto");
  }
  auto capacity = nullable_integer(body, "default_capacity", 1, core::kMaxCapacity);
  if (!capacity) return tl::unexpected(capacity.error());
  if (const auto& given = *capacity) fields.default_capacity = narrow_count(*given);
  auto requeue = optional_integer(body, "requeue_after_s", 0, core::kMaxRequeueSeconds);
  if (!requeue) return tl::unexpected(requeue.error());
  if (*requeue) fields.requeue_after_s = static_cast<int>(**requeue);
  auto after_hours = optional_bool(body, "route_after_hours");
  if (!after_hours) return tl::unexpected(after_hours.error());
  fields.route_after_hours = *after_hours;
  if (const auto* hours = body.if_contains("business_hours"); hours && !hours->is_null()) {
    auto parsed = business_hours_from_json(*hours);
    if (!parsed) return tl::unexpected(parsed.error());
    fields.business_hours = std::move(*parsed);
  }
  return true;
}

core::Result<app::AssistantFields> assistant_fields(const boost::json::object& body) {
  app::AssistantFields fields;
  for (auto [field, target] :
       {std::pair{"name", &fields.name}, std::pair{"greeting", &fields.greeting},
        std::pair{"offline_message", &fields.offline_message}, std::pair{"llm_base_url", &fields.llm_base_url},
        std::pair{"llm_model", &fields.llm_model}, std::pair{"llm_api_key_env", &fields.llm_api_key_env},
        std::pair{"csat_question", &fields.csat_question}}) {
    auto value = optional_string(body, field);
    if (!value) return tl::unexpected(value.error());
    *target = std::move(*value);
  }
  auto enabled = optional_bool(body, "live_agent_enabled");
  if (!enabled) return tl::unexpected(enabled.error());
  fields.live_agent_enabled = *enabled;
  auto csat = optional_bool(body, "csat_enabled");
  if (!csat) return tl::unexpected(csat.error());
  fields.csat_enabled = *csat;
  auto routing = routing_fields(body, fields);
  if (!routing) return tl::unexpected(routing.error());
  auto email = optional_bool(body, "email_followup");
  if (!email) return tl::unexpected(email.error());
  fields.email_followup = *email;
  auto delay =
      optional_integer(body, "email_followup_delay_s", core::kMinEmailDelaySeconds, core::kMaxEmailDelaySeconds);
  if (!delay) return tl::unexpected(delay.error());
  if (*delay) fields.email_followup_delay_s = static_cast<int>(**delay);
  return fields;
}

core::Result<std::pair<std::string, std::string>> knowledge_fields(const boost::json::object& body) {
  auto fields = required_strings<2>(body, {"question", "answer"});
  if (!fields) return tl::unexpected(fields.error());
  return std::pair{std::move((*fields)[0]), std::move((*fields)[1])};
}

boost::json::value explanation_json(const ai::Explanation& why) {
  boost::json::array signals, unknown_words, synonyms, corrections;
  for (const auto& signal : why.signals) {
    signals.push_back({{"name", signal.name}, {"value", signal.value}, {"weight", signal.weight}});
  }
  for (const auto& word : why.unknown_words) unknown_words.emplace_back(word);
  for (const auto& s : why.synonyms) synonyms.push_back({{"word", s.word}, {"as", s.as}});
  for (const auto& s : why.corrections) corrections.push_back({{"word", s.word}, {"as", s.as}});
  return {{"confidence", why.confidence},    {"threshold", why.threshold},
          {"signals", std::move(signals)},   {"unknown_words", std::move(unknown_words)},
          {"synonyms", std::move(synonyms)}, {"corrections", std::move(corrections)}};
}

boost::json::value handoff_json(const core::HandoffVerdict& verdict) {
  return {{"requested", verdict.requested},
          {"rule", verdict.rule},
          {"person", verdict.person},
          {"request", verdict.request}};
}

boost::json::value playground_json(const app::PlaygroundAnswer& answer) {
  boost::json::array candidates;
  for (const auto& candidate : answer.candidates) {
    candidates.push_back(
        {{"knowledge_id", candidate.entry.id}, {"question", candidate.entry.question}, {"score", candidate.score}});
  }
  const auto& reply = answer.reply;
  return {{"kind", reply.kind == ai::ReplyKind::answer ? "answer" : "fallback"},
          {"text", reply.text},
          {"knowledge_id", reply.knowledge_id ? boost::json::value(*reply.knowledge_id) : boost::json::value(nullptr)},
          {"score", reply.score},
          {"explanation", reply.explanation ? explanation_json(*reply.explanation) : boost::json::value(nullptr)},
          {"handoff", handoff_json(answer.handoff)},
          {"candidates", std::move(candidates)}};
}

boost::json::value assistant_json(const core::Assistant& assistant) { return app::to_json(assistant); }
boost::json::value knowledge_json(const core::KnowledgeEntry& entry) { return app::to_json(entry); }
boost::json::value knowledge_list_json(const std::vector<core::KnowledgeEntry>& entries) {
  return app::to_json_list("knowledge", entries);
}

// Whether an import replaces the whole knowledge base (mode=replace, admins only) or appends;
// checked before the body is read.
core::Result<bool> import_replaces(const RequestContext& context, const app::Principal& principal) {
  const auto mode = context.query("mode").value_or("append");
  if (mode != "append" && mode != "replace") {
    return core::fail(core::ErrorCode::invalid_field, "mode must be append or replace");
  }
  if (mode == "replace" && !core::may_replace_knowledge(principal.agent.role)) {
    return core::fail(core::ErrorCode::forbidden, "only admins replace the whole knowledge base");
  }
  return mode == "replace";
}

// ?format= wins; else the Content-Type says CSV or JSON.
core::Result<std::vector<app::KnowledgeText>> imported_entries(const RequestContext& context) {
  const bool csv_type = context.header(beast_http::field::content_type).starts_with("text/csv");
  const bool csv = context.query("format").value_or(csv_type ? "csv" : "json") == "csv";
  return csv ? knowledge_from_csv(context.request.body()) : knowledge_from_json(context.request.body());
}

asio::awaitable<Response> post_assistant(RequestContext&, app::Services& services, const app::Principal& principal,
                                         const boost::json::object& body) {
  auto fields = assistant_fields(body);
  if (!fields) co_return error_response(fields.error());
  co_return render(co_await services.assistants.create(principal, std::move(*fields)), status::created, assistant_json);
}

asio::awaitable<Response> get_assistants(RequestContext&, app::Services& services, const app::Principal&) {
  const auto assistants = co_await services.assistants.list();
  co_return json_response(status::ok, app::to_json_list("assistants", assistants));
}

asio::awaitable<Response> get_assistant(RequestContext& context, app::Services& services, const app::Principal&) {
  co_return render(co_await services.assistants.get(context.param("id")), status::ok, assistant_json);
}

asio::awaitable<Response> patch_assistant(RequestContext& context, app::Services& services,
                                          const app::Principal& principal, const boost::json::object& body) {
  auto fields = assistant_fields(body);
  if (!fields) co_return error_response(fields.error());
  auto assistant = co_await services.assistants.update(principal, context.param("id"), std::move(*fields));
  co_return render(assistant, status::ok, assistant_json);
}

asio::awaitable<Response> post_knowledge(RequestContext& context, app::Services& services, const app::Principal&,
                                         const boost::json::object& body) {
  auto fields = knowledge_fields(body);
  if (!fields) co_return error_response(fields.error());
  auto& [question, answer] = *fields;
  auto entry = co_await services.assistants.add_knowledge(context.param("id"), std::move(question), std::move(answer));
  co_return render(entry, status::created, knowledge_json);
}

asio::awaitable<Response> get_knowledge(RequestContext& context, app::Services& services, const app::Principal&) {
  co_return render(co_await services.assistants.list_knowledge(context.param("id")), status::ok, knowledge_list_json);
}

asio::awaitable<Response> get_knowledge_export(RequestContext& context, app::Services& services,
                                               const app::Principal&) {
  const auto format = context.query("format").value_or("json");
  if (format != "json" && format != "csv") co_return error_response(bad_format());
  const auto& assistant_id = context.param("id");
  auto entries = co_await services.assistants.list_knowledge(assistant_id);
  if (!entries) co_return error_response(entries.error());
  co_return format == "csv" ? knowledge_csv(*entries, assistant_id) : knowledge_json_file(*entries, assistant_id);
}

// The body is CSV or JSON (knowledge_files.hpp), so this handler reads it itself.
asio::awaitable<Response> post_knowledge_import(RequestContext& context, app::Services& services,
                                                const app::Principal& principal) {
  auto replace = import_replaces(context, principal);
  if (!replace) co_return error_response(replace.error());
  auto entries = imported_entries(context);
  if (!entries) co_return error_response(entries.error());
  auto imported = co_await services.assistants.import_knowledge(context.param("id"), std::move(*entries), *replace);
  co_return render(imported, status::ok, [](int count) { return boost::json::value{{"imported", count}}; });
}

asio::awaitable<Response> post_playground(RequestContext& context, app::Services& services, const app::Principal&,
                                          const boost::json::object& body) {
  auto text = required_string(body, "text");
  if (!text) co_return error_response(text.error());
  co_return render(co_await services.playground.ask(context.param("id"), std::move(*text)), status::ok,
                   playground_json);
}

asio::awaitable<Response> put_knowledge(RequestContext& context, app::Services& services, const app::Principal&,
                                        const boost::json::object& body) {
  auto fields = knowledge_fields(body);
  if (!fields) co_return error_response(fields.error());
  auto& [question, answer] = *fields;
  auto entry = co_await services.assistants.update_knowledge(context.param("id"), context.param("kid"),
                                                             std::move(question), std::move(answer));
  co_return render(entry, status::ok, knowledge_json);
}

asio::awaitable<Response> delete_knowledge(RequestContext& context, app::Services& services, const app::Principal&) {
  auto deleted = co_await services.assistants.delete_knowledge(context.param("id"), context.param("kid"));
  if (!deleted) co_return error_response(deleted.error());
  co_return no_content();
}

// GET .../business_hours/status?at=RFC3339 (default now): open_now, next_open_at, next_close_at.
asio::awaitable<Response> get_hours_status(RequestContext& context, app::Services& services, const app::Principal&) {
  auto at = core::now_ms();
  if (auto text = context.query("at")) {
    auto parsed = core::parse_client_time(*text);
    if (!parsed) co_return error_response({core::ErrorCode::invalid_field, "at must be an RFC 3339 time"});
    at = *parsed;
  }
  auto status = co_await services.assistants.hours_status(context.param("id"), at);
  co_return render(status, status::ok, [](const core::HoursStatus& found) { return app::to_json(found); });
}

constexpr ConsoleRoute kConsoleRoutes[] = {
    {verb::get, "/api/v1/assistants", get_assistants},
    {verb::get, "/api/v1/assistants/{id}/business_hours/status", get_hours_status},
    {verb::get, "/api/v1/assistants/{id}", get_assistant},
    {verb::post, "/api/v1/assistants/{id}/knowledge", post_knowledge},
    {verb::get, "/api/v1/assistants/{id}/knowledge", get_knowledge},
    {verb::get, "/api/v1/assistants/{id}/knowledge/export", get_knowledge_export},
    {verb::post, "/api/v1/assistants/{id}/knowledge/import", post_knowledge_import},
    {verb::post, "/api/v1/assistants/{id}/playground", post_playground},
    {verb::put, "/api/v1/assistants/{id}/knowledge/{kid}", put_knowledge},
    {verb::delete_, "/api/v1/assistants/{id}/knowledge/{kid}", delete_knowledge},
};

constexpr ConsoleRoute kAdminRoutes[] = {
    {verb::post, "/api/v1/assistants", post_assistant},
    {verb::patch, "/api/v1/assistants/{id}", patch_assistant},
};

}  // namespace

RouteTables assistant_routes() { return {.console = kConsoleRoutes, .admin = kAdminRoutes}; }

}  // namespace baton::channels::http
