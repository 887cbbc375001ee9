// POST /auth/login, /auth/logout; GET /me; PUT /me/presence; GET/POST /agents.
#include <boost/json/array.hpp>

#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"
#include "core/names.hpp"

namespace baton::channels::http {
namespace {

std::string session_cookie(std::string_view name, std::string_view value, bool http_only, bool expire = false) {
  std::string cookie = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Strict";
  if (http_only) cookie += "; HttpOnly";
  cookie += expire ? "; Max-Age=0" : "; Max-Age=2592000";
  return cookie;
}

}  // namespace

void add_auth_routes(Router& router, app::Services& s) {
  router.add(verb::post, "/api/v1/auth/login", [&s](RequestContext& c) -> asio::awaitable<Response> {
    auto body = parse_object(c.request.body());
    if (!body) co_return error_response(body.error());
    auto fields = required_strings<2>(*body, {"email", "password"});
    if (!fields) co_return error_response(fields.error());
    auto& [email, password] = *fields;
    auto login = co_await s.auth.login(std::move(email), std::move(password));
    if (!login) co_return error_response(login.error());
    auto response = json_response(
        status::ok,
        {{"token", login->token}, {"csrf_token", login->csrf_token}, {"agent", app::to_json(login->agent)}});
    response.insert(beast_http::field::set_cookie, session_cookie(kSessionCookie, login->token, true));
    response.insert(beast_http::field::set_cookie, session_cookie(kCsrfCookie, login->csrf_token, false));
    co_return response;
  });

  router.add(verb::post, "/api/v1/auth/logout", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      co_await s.auth.logout(p);
      auto response = no_content();
      response.insert(beast_http::field::set_cookie, session_cookie(kSessionCookie, "", true, true));
      response.insert(beast_http::field::set_cookie, session_cookie(kCsrfCookie, "", false, true));
      co_return response;
    });
  });

  router.add(verb::get, "/api/v1/me", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      co_return json_response(status::ok, app::to_json(p.agent));
    });
  });

  router.add(verb::put, "/api/v1/me/presence", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      auto body = parse_object(c.request.body());
      if (!body) co_return error_response(body.error());
      auto name = required_string(*body, "status");
      if (!name) co_return error_response(name.error());
      auto presence = core::parse_presence(*name);
      if (!presence) {
        co_return error_response({core::ErrorCode::invalid_field, "status must be online, away or offline"});
      }
      auto agent = co_await s.presence.set_presence(p.agent.id, *presence);
      co_return render(agent, status::ok, [](const core::Agent& a) { return app::to_json(a); });
    });
  });

  router.add(verb::get, "/api/v1/agents", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      auto agents = co_await s.auth.list_agents();
      co_return render(agents, status::ok,
                       [](const std::vector<core::Agent>& list) { return app::to_json_list("agents", list); });
    });
  });

  router.add(verb::post, "/api/v1/agents", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      auto body = parse_object(c.request.body());
      if (!body) co_return error_response(body.error());
      auto fields = required_strings<3>(*body, {"email", "name", "password"});
      if (!fields) co_return error_response(fields.error());
      auto role_name = optional_string(*body, "role");
      if (!role_name) co_return error_response(role_name.error());
      auto role = core::parse_role(role_name->value_or("agent"));
      if (!role) co_return error_response({core::ErrorCode::invalid_field, "role must be admin or agent"});
      app::NewAgent input{std::move((*fields)[0]), std::move((*fields)[1]), std::move((*fields)[2]), *role};
      auto agent = co_await s.auth.create_agent(p, std::move(input));
      co_return render(agent, status::created, [](const core::Agent& a) { return app::to_json(a); });
    });
  });
}

}  // namespace baton::channels::http
