#include "channels/http/console_auth.hpp"

#include "app/ids.hpp"

namespace baton::channels::http {

boost::asio::awaitable<core::Result<app::Principal>> authenticate_console(const RequestContext& context,
                                                                          app::AuthService& auth) {
  if (auto bearer = context.bearer_token()) co_return co_await auth.authenticate(*bearer);
  auto cookie = context.cookie(kSessionCookie);
  if (!cookie) co_return core::fail(core::ErrorCode::unauthorized, "sign in first");
  auto principal = co_await auth.authenticate(*cookie);
  if (!principal) co_return principal;
  const auto method = context.request.method();
  const bool changes_state = method != beast_http::verb::get && method != beast_http::verb::head;
  if (changes_state) {
    const std::string_view csrf = context.header(kCsrfHeader);
    if (csrf.empty() || !app::secrets_equal(app::hash_token(csrf), principal->csrf_hash)) {
      co_return core::fail(core::ErrorCode::csrf_failed, "missing or wrong X-CSRF-Token header");
    }
  }
  co_return principal;
}

std::optional<SocketToken> console_socket_token(const RequestContext& context) {
  if (auto bearer = context.bearer_token()) return SocketToken{*bearer, false};
  if (auto query = context.query("token")) return SocketToken{*query, false};
  if (auto cookie = context.cookie(kSessionCookie)) return SocketToken{*cookie, true};
  return std::nullopt;
}

}  // namespace baton::channels::http
