// Signing in and out, the caller's own account, and the console users (agents and admins).
#include <boost/json/array.hpp>

#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/console_auth.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"
#include "core/limits.hpp"
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

core::Result<app::AgentChanges> agent_changes(const boost::json::object& body) {
  app::AgentChanges changes;
  auto name = optional_string(body, "name");
  if (!name) return tl::unexpected(name.error());
  changes.name = std::move(*name);
  auto role_name = optional_string(body, "role");
  if (!role_name) return tl::unexpected(role_name.error());
  if (*role_name) {
    changes.role = core::parse_role(**role_name);
    if (!changes.role) return core::fail(core::ErrorCode::invalid_field, "role must be admin or agent");
  }
  auto password = optional_string(body, "password");
  if (!password) return tl::unexpected(password.error());
  changes.password = std::move(*password);
  auto disabled = optional_bool(body, "disabled");
  if (!disabled) return tl::unexpected(disabled.error());
  changes.disabled = *disabled;
  auto capacity = nullable_integer(body, "max_concurrent", 1, core::kMaxCapacity);
  if (!capacity) return tl::unexpected(capacity.error());
  if (const auto& given = *capacity) changes.max_concurrent = narrow_count(*given);
  auto assistant_ids = optional_string_list(body, "assistant_ids", core::kMaxMemberships);
  if (!assistant_ids) return tl::unexpected(assistant_ids.error());
  changes.assistant_ids = std::move(*assistant_ids);
  return changes;
}

core::Result<app::NewAgent> new_agent(const boost::json::object& body) {
  auto fields = required_strings<3>(body, {"email", "name", "password"});
  if (!fields) return tl::unexpected(fields.error());
  auto role_name = optional_string(body, "role");
  if (!role_name) return tl::unexpected(role_name.error());
  auto role = core::parse_role(role_name->value_or("agent"));
  if (!role) return core::fail(core::ErrorCode::invalid_field, "role must be admin or agent");
  return app::NewAgent{std::move((*fields)[0]), std::move((*fields)[1]), std::move((*fields)[2]), *role};
}

boost::json::value agent_json(const core::Agent& agent) { return app::to_json(agent); }

// Parsed here, not by the table: the media type is checked before the body is read.
asio::awaitable<Response> post_login(RequestContext& context, app::Services& services) {
  if (!is_json(context)) {
    co_return error_response({core::ErrorCode::unsupported_media_type, "send the login as application/json"});
  }
  auto body = parse_object(context.request.body());
  if (!body) co_return error_response(body.error());
  auto fields = required_strings<2>(*body, {"email", "password"});
  if (!fields) co_return error_response(fields.error());
  auto& [email, password] = *fields;
  auto login = co_await services.auth.login(std::move(email), std::move(password), context.client.address);
  if (!login) co_return error_response(login.error());
  auto response = json_response(
      status::ok, {{"token", login->token}, {"csrf_token", login->csrf_token}, {"agent", app::to_json(login->agent)}});
  response.insert(beast_http::field::set_cookie, cookie_header(context, CookieUse::session, login->token));
  response.insert(beast_http::field::set_cookie, cookie_header(context, CookieUse::csrf, login->csrf_token));
  co_return response;
}

asio::awaitable<Response> post_logout(RequestContext& context, app::Services& services,
                                      const app::Principal& principal) {
  co_await services.auth.logout(principal);
  auto response = no_content();
  response.insert(beast_http::field::set_cookie, cookie_header(context, CookieUse::session, "", true));
  response.insert(beast_http::field::set_cookie, cookie_header(context, CookieUse::csrf, "", true));
  co_return response;
}

asio::awaitable<Response> get_me(RequestContext&, app::Services&, const app::Principal& principal) {
  co_return json_response(status::ok, app::to_json(principal.agent));
}

asio::awaitable<Response> put_my_presence(RequestContext&, app::Services& services, const app::Principal& principal,
                                          const boost::json::object& body) {
  auto name = required_string(body, "status");
  if (!name) co_return error_response(name.error());
  auto presence = core::parse_presence(*name);
  if (!presence) co_return error_response({core::ErrorCode::invalid_field, "status must be online, away or offline"});
  co_return render(co_await services.presence.set_presence(principal.agent.id, *presence), status::ok, agent_json);
}

asio::awaitable<Response> put_my_password(RequestContext&, app::Services& services, const app::Principal& principal,
                                          const boost::json::object& body) {
  auto fields = required_strings<2>(body, {"current_password", "new_password"});
  if (!fields) co_return error_response(fields.error());
  auto& [current, next] = *fields;
  auto changed = co_await services.auth.change_password(principal, std::move(current), std::move(next));
  if (!changed) co_return error_response(changed.error());
  co_return no_content();
}

asio::awaitable<Response> get_agents(RequestContext&, app::Services& services, const app::Principal&) {
  auto agents = co_await services.auth.list_agents();
  co_return render(agents, status::ok,
                   [](const std::vector<app::AgentView>& list) { return app::to_json_list("agents", list); });
}

asio::awaitable<Response> post_agent(RequestContext&, app::Services& services, const app::Principal& principal,
                                     const boost::json::object& body) {
  auto input = new_agent(body);
  if (!input) co_return error_response(input.error());
  co_return render(co_await services.auth.create_agent(principal, std::move(*input)), status::created, agent_json);
}

asio::awaitable<Response> patch_agent(RequestContext& context, app::Services& services, const app::Principal& principal,
                                      const boost::json::object& body) {
  auto changes = agent_changes(body);
  if (!changes) co_return error_response(changes.error());
  auto agent = co_await services.auth.update_agent(principal, context.param("id"), std::move(*changes));
  co_return render(agent, status::ok, agent_json);
}

constexpr OpenRoute kAnyoneRoutes[] = {
    {verb::post, "/api/v1/auth/login", post_login},
};

// One route a line, as in the other tables (clang-format would set these short rows in columns).
// clang-format off
constexpr ConsoleRoute kConsoleRoutes[] = {
    {verb::post, "/api/v1/auth/logout", post_logout},
    {verb::get, "/api/v1/me", get_me},
    {verb::put, "/api/v1/me/presence", put_my_presence},
    {verb::put, "/api/v1/me/password", put_my_password},
    {verb::get, "/api/v1/agents", get_agents},
};
// clang-format on

constexpr ConsoleRoute kAdminRoutes[] = {
    {verb::post, "/api/v1/agents", post_agent},
    {verb::patch, "/api/v1/agents/{id}", patch_agent},
};

}  // namespace

RouteTables auth_routes() { return {.anyone = kAnyoneRoutes, .console = kConsoleRoutes, .admin = kAdminRoutes}; }

}  // namespace baton::channels::http
