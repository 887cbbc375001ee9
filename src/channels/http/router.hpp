// Maps method + path pattern ("/api/v1/conversations/{id}/done") to a handler coroutine.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <vector>

#include "channels/http/request_context.hpp"

namespace baton::channels::http {

using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

struct Route {
  beast_http::verb method;
  std::string pattern;
  Handler handler;
  std::vector<std::string> segments;  // the pattern split once; "{name}" segments are parameters
};

class Router {
 public:
  void add(beast_http::verb method, std::string pattern, Handler handler);
  // 404 for an unknown path, 405 for a known path with another method.
  boost::asio::awaitable<Response> dispatch(const Request& request, const ClientInfo& client) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace baton::channels::http
