// The REST API as tables: each row names one endpoint's handler, and registering a table wraps
// every handler with what its audience needs, once: the console sign-in, the visitor token,
// CORS, and the JSON body. A new endpoint is one handler function and one row.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <span>
#include <string_view>

#include "app/services.hpp"
#include "channels/http/json_input.hpp"
#include "channels/http/responses.hpp"
#include "channels/http/router.hpp"

namespace baton::channels::http {

// A handler for a caller of type `Caller...`: nobody, an app::Principal or an
// app::VisitorIdentity, already checked. A handler that also takes `body` gets the request body
// as a JSON object; a body that is not one is answered 400 before the handler runs.
template <class... Caller>
class Endpoint {
 public:
  using Plain = boost::asio::awaitable<Response> (*)(RequestContext&, app::Services&, const Caller&...);
  using WithBody = boost::asio::awaitable<Response> (*)(RequestContext&, app::Services&, const Caller&...,
                                                        const boost::json::object& body);

  // Implicit, so that a table row names the handler function alone.
  constexpr Endpoint(Plain handler) : plain_(handler) {}         // NOLINT(google-explicit-constructor)
  constexpr Endpoint(WithBody handler) : with_body_(handler) {}  // NOLINT(google-explicit-constructor)

  boost::asio::awaitable<Response> operator()(RequestContext& context, app::Services& services,
                                              const Caller&... caller) const {
    if (plain_) co_return co_await plain_(context, services, caller...);
    auto body = parse_object(context.request.body());
    if (!body) co_return error_response(body.error());
    co_return co_await with_body_(context, services, caller..., *body);
  }

 private:
  Plain plain_ = nullptr;
  WithBody with_body_ = nullptr;
};

template <class EndpointType>
struct RouteRow {
  beast_http::verb method;
  std::string_view pattern;
  EndpointType endpoint;
};

using OpenRoute = RouteRow<Endpoint<>>;                         // anyone, widget
using ConsoleRoute = RouteRow<Endpoint<app::Principal>>;        // console, admin
using VisitorRoute = RouteRow<Endpoint<app::VisitorIdentity>>;  // visitor

// One file's endpoints, a table per audience (router.hpp says what each audience means).
struct RouteTables {
  std::span<const OpenRoute> anyone;
  std::span<const OpenRoute> widget;
  std::span<const VisitorRoute> visitor;
  std::span<const ConsoleRoute> console;
  // The role is checked by the service each of these calls, after the handler has read the
  // body: its message and that order are part of the API, so the table only says who.
  std::span<const ConsoleRoute> admin;
};

void add_routes(Router& router, app::Services& services, const RouteTables& tables);

}  // namespace baton::channels::http
