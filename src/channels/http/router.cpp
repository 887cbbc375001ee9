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

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Whether `path` (already split) fits the route's pattern; no allocation, so trying every route
// for every request stays cheap.
bool fits(const Route& route, const std::vector<std::string_view>& path) {
  if (route.segments.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (is_parameter(route.segments[i])) {
      if (path[i].empty()) return false;
    } else if (route.segments[i] != path[i]) {
      return false;
    }
  }
  return true;
}

std::unordered_map<std::string, std::string> parameters(const Route& route, const std::vector<std::string_view>& path) {
  std::unordered_map<std::string, std::string> found;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& segment = route.segments[i];
    if (is_parameter(segment)) found.emplace(segment.substr(1, segment.size() - 2), std::string(path[i]));
  }
  return found;
}

}  // namespace

std::string_view name_of(Audience audience) {
  switch (audience) {
    case Audience::anyone:
      return "anyone";
    case Audience::widget:
      return "widget";
    case Audience::visitor:
      return "visitor";
    case Audience::console:
      return "console";
    case Audience::admin:
      return "admin";
  }
  return "unknown";
}

void Router::add(beast_http::verb method, std::string pattern, Audience audience, Handler handler) {
  std::vector<std::string> segments;
  for (auto segment : split_path(pattern)) segments.emplace_back(segment);
  routes_.push_back(Route{method, std::move(pattern), audience, std::move(handler), std::move(segments)});
}

bool Router::has(beast_http::verb method, std::string_view pattern) const {
  for (const auto& route : routes_) {
    if (route.method == method && route.pattern == pattern) return true;
  }
  return false;
}

boost::asio::awaitable<Response> Router::dispatch(const Request& request, const ClientInfo& client) const {
  const Route* matched = nullptr;
  if (!observer_) co_return co_await find_and_run(request, client, matched);
  const auto started = std::chrono::steady_clock::now();
  unsigned status = 500;  // what the server answers for a handler that throws
  try {
    auto response = co_await find_and_run(request, client, matched);
    status = response.result_int();
    observer_->observe(matched, request.method(), status, std::chrono::steady_clock::now() - started);
    co_return response;
  } catch (...) {
    observer_->observe(matched, request.method(), status, std::chrono::steady_clock::now() - started);
    throw;
  }
}

boost::asio::awaitable<Response> Router::find_and_run(const Request& request, const ClientInfo& client,
                                                      const Route*& matched) const {
  auto parsed = boost::urls::parse_origin_form(request.target());
  if (!parsed) {
    co_return error_response({core::ErrorCode::invalid_field, "the request target is not a valid URL"});
  }
  RequestContext context{request, *parsed, {}, client};
  // Decoded path: ids never contain escapes, but a client may send them escaped.
  const std::string path = parsed->path();
  const auto segments = split_path(path);
  bool path_known = false;
  for (const auto& route : routes_) {
    if (!fits(route, segments)) continue;
    path_known = true;
    if (route.method != request.method()) continue;
    context.params = parameters(route, segments);
    matched = &route;
    co_return co_await route.handler(context);
  }
  if (path_known) {
    co_return error_response({core::ErrorCode::method_not_allowed, "this method is not allowed here"});
  }
  co_return error_response({core::ErrorCode::not_found, "no such endpoint"});
}

}  // namespace baton::channels::http
