// Maps method + path pattern ("/api/v1/conversations/{id}/done") to a handler coroutine.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/http/request_context.hpp"

namespace baton::channels::http {

using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

// Who may call a route; `baton routes` prints it beside each one.
enum class Audience {
  anyone,   // no credentials (sign-in, LINE's webhook, health, the console's files)
  widget,   // any web page, no credentials: answers carry CORS headers
  visitor,  // the widget with its visitor token, CORS as for `widget`
  console,  // a signed-in agent or admin (Bearer token, or the session cookie plus CSRF)
  admin,    // a signed-in admin
};
std::string_view name_of(Audience audience);

struct Route {
  beast_http::verb method;
  std::string pattern;
  Audience audience;
  Handler handler;
  std::vector<std::string> segments;  // the pattern split once; "{name}" segments are parameters
};

// Told of every request the router answered (/metrics): the route that matched (nullptr: none),
// the status, how long the handler took.
class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  virtual void observe(const Route* route, beast_http::verb method, unsigned status,
                       std::chrono::duration<double> took) = 0;
};

class Router {
 public:
  void add(beast_http::verb method, std::string pattern, Audience audience, Handler handler);
  bool has(beast_http::verb method, std::string_view pattern) const;
  // 404 for an unknown path, 405 for a known path with another method.
  boost::asio::awaitable<Response> dispatch(const Request& request, const ClientInfo& client) const;
  const std::vector<Route>& routes() const { return routes_; }
  // Set once every route is added, before serving.
  void observe(RequestObserver* observer) { observer_ = observer; }

 private:
  boost::asio::awaitable<Response> find_and_run(const Request& request, const ClientInfo& client,
                                                const Route*& matched) const;

  std::vector<Route> routes_;
  RequestObserver* observer_ = nullptr;
};

}  // namespace baton::channels::http
