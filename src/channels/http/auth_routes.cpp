// POST /auth/login, /auth/logout; GET /me; PUT /me/presence, /me/password; GET/POST /agents; PATCH /agents/{id}.
#include <boost/json/array.hpp>

#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"
#include "core/names.hpp"
#include "core/text.hpp"

namespace baton::channels::http {
namespace {

enum class CookieUse { session, csrf };

// Secure whenever the browser reached us over HTTPS, so the cookie never travels in clear.
std::string cookie_header(const RequestContext& context, CookieUse use, std::string_view value, bool expire = false) {
  const std::string_view name = use == CookieUse::session ? kSessionCookie : kCsrfCookie;
  std::string cookie = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Strict";
  if (use == CookieUse::session) cookie += "; HttpOnly";
  if (context.client.secure) cookie += "; Secure";
  cookie += expire ? "; Max-Age=0" : "; Max-Age=2592000";
  return cookie;
}

// Login takes JSON only: a cross-site form can post text/plain but never application/json, so
// no page elsewhere can sign a visitor's browser in to an account of its choosing.
bool is_json(const RequestContext& context) {
  const std::string_view type = context.header(beast_http::field::content_type);
  return core::ascii_lower(core::trim_text(type.substr(0, type.find(';')))) == "application/json";
}

asio::awaitable<Response> patch_agent(RequestContext& c, app::Services& s, const app::Principal& p) {
  auto body = parse_object(c.request.body());
  if (!body) co_return error_response(body.error());
  app::AgentChanges changes;
  auto name = optional_string(*body, "name");
  if (!name) co_return error_response(name.error());
  changes.name = *name;
  auto role_name = optional_string(*body, "role");
  if (!role_name) co_return error_response(role_name.error());
  if (*role_name) {
    changes.role = core::parse_role(**role_name);
    if (!changes.role) co_return error_response({core::ErrorCode::invalid_field, "role must be admin or agent"});
  }
  auto password = optional_string(*body, "password");
  if (!password) co_return error_response(password.error());
  changes.password = *password;
  auto disabled = optional_bool(*body, "disabled");
  if (!disabled) co_return error_response(disabled.error());
  changes.disabled = *disabled;
  auto agent = co_await s.auth.update_agent(p, c.param("id"), std::move(changes));
  co_return render(agent, status::ok, [](const core::Agent& a) { return app::to_json(a); });
}

asio::awaitable<Response> put_my_password(RequestContext& c, app::Services& s, const app::Principal& p) {
  auto body = parse_object(c.request.body());
  if (!body) co_return error_response(body.error());
  auto fields = required_strings<2>(*body, {"current_password", "new_password"});
  if (!fields) co_return error_response(fields.error());
  auto& [current, next] = *fields;
  auto changed = co_await s.auth.change_password(p, std::move(current), std::move(next));
  if (!changed) co_return error_response(changed.error());
  co_return no_content();
}

}  // namespace

void add_auth_routes(Router& router, app::Services& s) {
  router.add(verb::post, "/api/v1/auth/login", [&s](RequestContext& c) -> asio::awaitable<Response> {
    if (!is_json(c)) {
      co_return error_response({core::ErrorCode::unsupported_media_type, "send the login as application/json"});
    }
    auto body = parse_object(c.request.body());
    if (!body) co_return error_response(body.error());
    auto fields = required_strings<2>(*body, {"email", "password"});
    if (!fields) co_return error_response(fields.error());
    auto& [email, password] = *fields;
    auto login = co_await s.auth.login(std::move(email), std::move(password), c.client.address);
    if (!login) co_return error_response(login.error());
    auto response = json_response(
        status::ok,
        {{"token", login->token}, {"csrf_token", login->csrf_token}, {"agent", app::to_json(login->agent)}});
    response.insert(beast_http::field::set_cookie, cookie_header(c, CookieUse::session, login->token));
    response.insert(beast_http::field::set_cookie, cookie_header(c, CookieUse::csrf, login->csrf_token));
    co_return response;
  });

  router.add(verb::post, "/api/v1/auth/logout", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      co_await s.auth.logout(p);
      auto response = no_content();
      response.insert(beast_http::field::set_cookie, cookie_header(c, CookieUse::session, "", true));
      response.insert(beast_http::field::set_cookie, cookie_header(c, CookieUse::csrf, "", true));
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

  router.add(verb::patch, "/api/v1/agents/{id}", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) { return patch_agent(c, s, p); });
  });

  router.add(verb::put, "/api/v1/me/password", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) { return put_my_password(c, s, p); });
  });
}

}  // namespace baton::channels::http
