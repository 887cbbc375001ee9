#include "channels/http/router.hpp"

#include <boost/url/parse.hpp>

#include "channels/http/responses.hpp"

namespace baton::channels::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    const auto end = path.find('/');
    segments.push_back(path.substr(0, end));
    if (end == std::string_view::npos) break;
    path.remove_prefix(end);
  }
  return segments;
}

// Fills `params` when `path` fits `pattern`.
bool match(std::string_view pattern, std::string_view path, std::unordered_map<std::string, std::string>& params) {
  const auto want = split_path(pattern);
  const auto have = split_path(path);
  if (want.size() != have.size()) return false;
  std::unordered_map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].starts_with('{') && want[i].ends_with('}')) {
      if (have[i].empty()) return false;
      found.emplace(std::string(want[i].substr(1, want[i].size() - 2)), std::string(have[i]));
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::add(beast_http::verb method, std::string pattern, Handler handler) {
  routes_.push_back(Route{method, std::move(pattern), std::move(handler)});
}

boost::asio::awaitable<Response> Router::dispatch(const Request& request) const {
  auto parsed = boost::urls::parse_origin_form(request.target());
  if (!parsed) {
    co_return error_response({core::ErrorCode::invalid_field, "the request target is not a valid URL"});
  }
  RequestContext context{request, *parsed, {}};
  // Decoded path: ids never contain escapes, but a client may send them escaped.
  const std::string path = parsed->path();
  bool path_known = false;
  for (const auto& route : routes_) {
    std::unordered_map<std::string, std::string> params;
    if (!match(route.pattern, path, params)) continue;
    path_known = true;
    if (route.method != request.method()) continue;
    context.params = std::move(params);
    co_return co_await route.handler(context);
  }
  if (path_known) {
    co_return error_response({core::ErrorCode::method_not_allowed, "this method is not allowed here"});
  }
  co_return error_response({core::ErrorCode::not_found, "no such endpoint"});
}

}  // namespace baton::channels::http
