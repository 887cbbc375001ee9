#include "channels/http/route_table.hpp"

#include "channels/http/console_auth.hpp"

namespace baton::channels::http {
namespace {

namespace asio = boost::asio;
using beast_http::verb;

asio::awaitable<core::Result<app::VisitorIdentity>> authenticate_visitor(const RequestContext& context,
                                                                         app::ConversationService& conversations) {
  auto token = context.bearer_token();
  if (!token) co_return core::fail(core::ErrorCode::unauthorized, "send the visitor token as a Bearer token");
  co_return co_await conversations.identify_visitor(std::move(*token));
}

// The handlers capture the endpoint by value: the router keeps them, and with them the
// endpoint, for as long as it serves.
Handler open_handler(app::Services& services, Endpoint<> endpoint) {
  return [&services, endpoint](RequestContext& context) { return endpoint(context, services); };
}

Handler console_handler(app::Services& services, Endpoint<app::Principal> endpoint) {
  return [&services, endpoint](RequestContext& context) -> asio::awaitable<Response> {
    auto principal = co_await authenticate_console(context, services.auth);
    if (!principal) co_return error_response(principal.error());
    co_return co_await endpoint(context, services, *principal);
  };
}

Handler visitor_handler(app::Services& services, Endpoint<app::VisitorIdentity> endpoint) {
  return [&services, endpoint](RequestContext& context) -> asio::awaitable<Response> {
    auto visitor = co_await authenticate_visitor(context, services.conversations);
    if (!visitor) co_return error_response(visitor.error());
    co_return co_await endpoint(context, services, *visitor);
  };
}

// Every answer of a widget endpoint, errors included, may be read by the page that embeds the
// widget, whatever its origin.
Handler allowing_any_origin(Handler handler) {
  return [handler = std::move(handler)](RequestContext& context) -> asio::awaitable<Response> {
    Response response = co_await handler(context);
    allow_any_origin(response);
    co_return response;
  };
}

asio::awaitable<Response> preflight(RequestContext&) { co_return cors_preflight(); }

void add_cross_origin(Router& router, verb method, std::string_view pattern, Audience audience, Handler handler) {
  router.add(method, std::string(pattern), audience, allowing_any_origin(std::move(handler)));
  // One preflight per path, whichever methods it serves.
  if (!router.has(verb::options, pattern)) router.add(verb::options, std::string(pattern), Audience::widget, preflight);
}

}  // namespace

void add_routes(Router& router, app::Services& services, const RouteTables& tables) {
  for (const auto& row : tables.anyone) {
    router.add(row.method, std::string(row.pattern), Audience::anyone, open_handler(services, row.endpoint));
  }
  for (const auto& row : tables.widget) {
    add_cross_origin(router, row.method, row.pattern, Audience::widget, open_handler(services, row.endpoint));
  }
  for (const auto& row : tables.visitor) {
    add_cross_origin(router, row.method, row.pattern, Audience::visitor, visitor_handler(services, row.endpoint));
  }
  for (const auto& row : tables.console) {
    router.add(row.method, std::string(row.pattern), Audience::console, console_handler(services, row.endpoint));
  }
  for (const auto& row : tables.admin) {
    router.add(row.method, std::string(row.pattern), Audience::admin, console_handler(services, row.endpoint));
  }
}

}  // namespace baton::channels::http
