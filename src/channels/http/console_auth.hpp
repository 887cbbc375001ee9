// Who is calling a console endpoint: a Bearer token, or the session cookie plus the CSRF header
// for calls that change state.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "app/auth_service.hpp"
#include "channels/http/request_context.hpp"

namespace baton::channels::http {

inline constexpr std::string_view kSessionCookie = "baton_session";
inline constexpr std::string_view kCsrfCookie = "baton_csrf";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

boost::asio::awaitable<core::Result<app::Principal>> authenticate_console(const RequestContext& context,
                                                                          app::AuthService& auth);

struct SocketToken {
  std::string value;
  bool by_cookie = false;  // the browser sent it by itself: the Origin must be checked
};

// The token a console socket presents: Bearer header, cookie, or ?token=.
std::optional<SocketToken> console_socket_token(const RequestContext& context);

}  // namespace baton::channels::http
