// The widget's public endpoints: any origin may call them (CORS), a visitor token reaches
// its own conversation only.
#include <set>

#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"

namespace baton::channels::http {
namespace {

// Registers a widget endpoint with CORS on its answers and its preflight.
class WidgetRoutes {
 public:
  explicit WidgetRoutes(Router& router) : router_(router) {}

  void add(verb method, const std::string& pattern, Handler handler) {
    router_.add(method, pattern, [handler = std::move(handler)](RequestContext& c) -> asio::awaitable<Response> {
      Response response = co_await handler(c);
      allow_any_origin(response);
      co_return response;
    });
    if (preflights_.insert(pattern).second) {
      router_.add(verb::options, pattern,
                  [](RequestContext&) -> asio::awaitable<Response> { co_return cors_preflight(); });
    }
  }

 private:
  Router& router_;
  std::set<std::string> preflights_;
};

// Runs `handle(visitor)` for a valid visitor token, else 401.
template <class Handle>
asio::awaitable<Response> as_visitor(RequestContext& c, app::ConversationService& conversations, Handle handle) {
  auto token = c.bearer_token();
  if (!token) co_return error_response({core::ErrorCode::unauthorized, "send the visitor token as a Bearer token"});
  auto visitor = co_await conversations.identify_visitor(std::move(*token));
  if (!visitor) co_return error_response(visitor.error());
  co_return co_await handle(*visitor);
}

boost::json::value customer_conversation_json(const app::CustomerConversation& view) {
  auto out = app::to_json(view.conversation);
  out["agents_online"] = view.agents_online;
  out["queue_position"] = view.queue_position ? boost::json::value(*view.queue_position) : boost::json::value(nullptr);
  return out;
}

}  // namespace

void add_widget_routes(Router& router, app::Services& s) {
  WidgetRoutes widget(router);

  widget.add(verb::get, "/api/v1/widget/assistants/{id}/config", [&s](RequestContext& c) -> asio::awaitable<Response> {
    auto config = co_await s.assistants.widget_config(c.param("id"));
    co_return render(config, status::ok, [](const app::WidgetConfig& w) {
      return boost::json::value{
          {"assistant_id", w.assistant.id},   {"name", w.assistant.name},
          {"greeting", w.assistant.greeting}, {"live_agent_enabled", w.assistant.live_agent_enabled},
          {"agents_online", w.agents_online}, {"offline_message", w.assistant.offline_message}};
    });
  });

  widget.add(
      verb::post, "/api/v1/widget/assistants/{id}/sessions", [&s](RequestContext& c) -> asio::awaitable<Response> {
        auto body = parse_object(c.request.body(), true);
        if (!body) co_return error_response(body.error());
        auto token = optional_string(*body, "visitor_token");
        if (!token) co_return error_response(token.error());
        auto session = co_await s.conversations.start_session(c.param("id"), std::move(*token), c.client.address);
        co_return render(session, status::created, [](const app::VisitorSession& v) {
          return boost::json::value{{"visitor_token", v.visitor_token}, {"conversation_id", v.conversation_id}};
        });
      });

  widget.add(verb::post, "/api/v1/widget/messages", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_visitor(c, s.conversations, [&](const app::VisitorIdentity& v) -> asio::awaitable<Response> {
      auto body = parse_object(c.request.body());
      if (!body) co_return error_response(body.error());
      auto text = required_string(*body, "text");
      if (!text) co_return error_response(text.error());
      auto client_id = optional_string(*body, "client_id");
      if (!client_id) co_return error_response(client_id.error());
      auto message = co_await s.conversations.customer_send(v, std::move(*text), std::move(*client_id));
      co_return render(message, status::created, [](const core::Message& m) { return app::to_json(m); });
    });
  });

  widget.add(verb::get, "/api/v1/widget/messages", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_visitor(c, s.conversations, [&](const app::VisitorIdentity& v) -> asio::awaitable<Response> {
      co_return co_await messages_page(c, s.conversations, v.conversation_id);
    });
  });

  widget.add(verb::post, "/api/v1/widget/handoff", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_visitor(c, s.conversations, [&](const app::VisitorIdentity& v) -> asio::awaitable<Response> {
      co_return render(co_await s.conversations.customer_handoff(v, c.client.address), status::ok,
                       customer_conversation_json);
    });
  });

  widget.add(verb::get, "/api/v1/widget/conversation", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_visitor(c, s.conversations, [&](const app::VisitorIdentity& v) -> asio::awaitable<Response> {
      co_return render(co_await s.conversations.customer_conversation(v), status::ok, customer_conversation_json);
    });
  });

  widget.add(verb::post, "/api/v1/widget/typing", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_visitor(c, s.conversations, [&](const app::VisitorIdentity& v) -> asio::awaitable<Response> {
      s.conversations.customer_typing(v);
      co_return no_content();
    });
  });

  widget.add(verb::post, "/api/v1/widget/offline_message", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_visitor(c, s.conversations, [&](const app::VisitorIdentity& v) -> asio::awaitable<Response> {
      auto body = parse_object(c.request.body());
      if (!body) co_return error_response(body.error());
      auto fields = required_strings<3>(*body, {"name", "contact", "text"});
      if (!fields) co_return error_response(fields.error());
      app::OfflineMessage input{std::move((*fields)[0]), std::move((*fields)[1]), std::move((*fields)[2])};
      auto message = co_await s.conversations.leave_offline_message(v, std::move(input), c.client.address);
      co_return render(message, status::created, [](const core::Message& m) { return app::to_json(m); });
    });
  });
}

}  // namespace baton::channels::http
