// Small pieces every handler uses: rendering a Result, query integers, the acting agent.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "app/auth_service.hpp"
#include "channels/http/console_auth.hpp"
#include "channels/http/responses.hpp"
#include "core/conversation_rules.hpp"

namespace baton::channels::http {

namespace asio = boost::asio;
using verb = beast_http::verb;
using status = beast_http::status;

// The value rendered with `render` and `ok`, or the error.
template <class T, class Render>
Response render(const core::Result<T>& result, status ok, Render render_value) {
  if (!result) return error_response(result.error());
  return json_response(ok, render_value(*result));
}

// An integer query parameter within [min, max], or `fallback` when absent.
core::Result<std::int64_t> integer_query(const RequestContext& context, std::string_view key, std::int64_t fallback,
                                         std::int64_t min, std::int64_t max);

inline core::Actor actor_of(const app::Principal& principal) {
  return core::Actor{principal.agent.id, principal.agent.role};
}

}  // namespace baton::channels::http
