// One HTTP request as handlers see it: the Beast request, path parameters and the query.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/url/url_view.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace baton::channels::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

// Who sent a request (see client_address.hpp).
struct ClientInfo {
  std::string address;  // as text, for rate-limit keys and logs
  bool secure = false;  // reached us over HTTPS (directly or through a trusted proxy)
};

struct RequestContext {
  const Request& request;
  boost::urls::url_view url;
  std::unordered_map<std::string, std::string> params;
  ClientInfo client;

  const std::string& param(const std::string& name) const { return params.at(name); }
  std::optional<std::string> query(std::string_view key) const;
  std::string_view header(beast_http::field field) const;
  std::string_view header(std::string_view name) const;
  // The Bearer token of the Authorization header, if any.
  std::optional<std::string> bearer_token() const;
  std::optional<std::string> cookie(std::string_view name) const;
};

}  // namespace baton::channels::http
