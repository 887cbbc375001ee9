// Assistants and their knowledge: admins change settings, any agent reads and teaches.
#include <boost/json/array.hpp>

#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"
#include "channels/http/knowledge_files.hpp"

namespace baton::channels::http {
namespace {

core::Result<app::AssistantFields> assistant_fields(const boost::json::object& body) {
  app::AssistantFields fields;
  for (auto [field, target] :
       {std::pair{"name", &fields.name}, std::pair{"greeting", &fields.greeting},
        std::pair{"offline_message", &fields.offline_message}, std::pair{"llm_base_url", &fields.llm_base_url},
        std::pair{"llm_model", &fields.llm_model}, std::pair{"llm_api_key_env", &fields.llm_api_key_env}}) {
    auto value = optional_string(body, field);
    if (!value) return tl::unexpected(value.error());
    *target = std::move(*value);
  }
  auto enabled = optional_bool(body, "live_agent_enabled");
  if (!enabled) return tl::unexpected(enabled.error());
  fields.live_agent_enabled = *enabled;
  return fields;
}

core::Result<std::pair<std::string, std::string>> knowledge_fields(std::string_view raw) {
  auto body = parse_object(raw);
  if (!body) return tl::unexpected(body.error());
  auto fields = required_strings<2>(*body, {"question", "answer"});
  if (!fields) return tl::unexpected(fields.error());
  return std::pair{std::move((*fields)[0]), std::move((*fields)[1])};
}

boost::json::value playground_json(const app::PlaygroundAnswer& a) {
  boost::json::array candidates;
  for (const auto& c : a.candidates) {
    candidates.push_back({{"knowledge_id", c.entry.id}, {"question", c.entry.question}, {"score", c.score}});
  }
  return {
      {"kind", a.reply.kind == ai::ReplyKind::answer ? "answer" : "fallback"},
      {"text", a.reply.text},
      {"knowledge_id", a.reply.knowledge_id ? boost::json::value(*a.reply.knowledge_id) : boost::json::value(nullptr)},
      {"score", a.reply.score},
      {"candidates", std::move(candidates)}};
}

boost::json::value assistant_json(const core::Assistant& a) { return app::to_json(a); }
boost::json::value knowledge_json(const core::KnowledgeEntry& e) { return app::to_json(e); }

}  // namespace

void add_assistant_routes(Router& router, app::Services& s) {
  router.add(verb::post, "/api/v1/assistants", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      auto body = parse_object(c.request.body());
      if (!body) co_return error_response(body.error());
      auto fields = assistant_fields(*body);
      if (!fields) co_return error_response(fields.error());
      co_return render(co_await s.assistants.create(p, std::move(*fields)), status::created, assistant_json);
    });
  });

  router.add(verb::get, "/api/v1/assistants", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      const auto assistants = co_await s.assistants.list();
      co_return json_response(status::ok, app::to_json_list("assistants", assistants));
    });
  });

  router.add(verb::get, "/api/v1/assistants/{id}", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      co_return render(co_await s.assistants.get(c.param("id")), status::ok, assistant_json);
    });
  });

  router.add(verb::patch, "/api/v1/assistants/{id}", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      auto body = parse_object(c.request.body());
      if (!body) co_return error_response(body.error());
      auto fields = assistant_fields(*body);
      if (!fields) co_return error_response(fields.error());
      co_return render(co_await s.assistants.update(p, c.param("id"), std::move(*fields)), status::ok, assistant_json);
    });
  });

  router.add(verb::post, "/api/v1/assistants/{id}/knowledge", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      auto fields = knowledge_fields(c.request.body());
      if (!fields) co_return error_response(fields.error());
      auto entry =
          co_await s.assistants.add_knowledge(c.param("id"), std::move(fields->first), std::move(fields->second));
      co_return render(entry, status::created, knowledge_json);
    });
  });

  router.add(verb::get, "/api/v1/assistants/{id}/knowledge", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      auto entries = co_await s.assistants.list_knowledge(c.param("id"));
      co_return render(entries, status::ok, [](const std::vector<core::KnowledgeEntry>& list) {
        return app::to_json_list("knowledge", list);
      });
    });
  });

  router.add(verb::get, "/api/v1/assistants/{id}/knowledge/export",
             [&s](RequestContext& c) -> asio::awaitable<Response> {
               co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
                 const auto format = c.query("format").value_or("json");
                 if (format != "json" && format != "csv") co_return error_response(bad_format());
                 auto entries = co_await s.assistants.list_knowledge(c.param("id"));
                 if (!entries) co_return error_response(entries.error());
                 co_return format == "csv" ? knowledge_csv(*entries, c.param("id"))
                                           : knowledge_json_file(*entries, c.param("id"));
               });
             });

  router.add(
      verb::post, "/api/v1/assistants/{id}/knowledge/import", [&s](RequestContext& c) -> asio::awaitable<Response> {
        co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
          const auto mode = c.query("mode").value_or("append");
          if (mode != "append" && mode != "replace") {
            co_return error_response({core::ErrorCode::invalid_field, "mode must be append or replace"});
          }
          if (mode == "replace" && !core::may_replace_knowledge(p.agent.role)) {
            co_return error_response({core::ErrorCode::forbidden, "only admins replace the whole knowledge base"});
          }
          const bool csv = c.query("format").value_or(c.header(beast_http::field::content_type).starts_with("text/csv")
                                                          ? "csv"
                                                          : "json") == "csv";
          auto entries = csv ? knowledge_from_csv(c.request.body()) : knowledge_from_json(c.request.body());
          if (!entries) co_return error_response(entries.error());
          auto imported = co_await s.assistants.import_knowledge(c.param("id"), std::move(*entries), mode == "replace");
          co_return render(imported, status::ok, [](int count) { return boost::json::value{{"imported", count}}; });
        });
      });

  router.add(verb::post, "/api/v1/assistants/{id}/playground", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      auto body = parse_object(c.request.body());
      if (!body) co_return error_response(body.error());
      auto text = required_string(*body, "text");
      if (!text) co_return error_response(text.error());
      co_return render(co_await s.playground.ask(c.param("id"), std::move(*text)), status::ok, playground_json);
    });
  });

  router.add(verb::put, "/api/v1/assistants/{id}/knowledge/{kid}",
             [&s](RequestContext& c) -> asio::awaitable<Response> {
               co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
                 auto fields = knowledge_fields(c.request.body());
                 if (!fields) co_return error_response(fields.error());
                 auto entry = co_await s.assistants.update_knowledge(
                     c.param("id"), c.param("kid"), std::move(fields->first), std::move(fields->second));
                 co_return render(entry, status::ok, knowledge_json);
               });
             });

  router.add(verb::delete_, "/api/v1/assistants/{id}/knowledge/{kid}",
             [&s](RequestContext& c) -> asio::awaitable<Response> {
               co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
                 auto deleted = co_await s.assistants.delete_knowledge(c.param("id"), c.param("kid"));
                 if (!deleted) co_return error_response(deleted.error());
                 co_return no_content();
               });
             });
}

}  // namespace baton::channels::http
