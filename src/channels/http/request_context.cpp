#include "channels/http/request_context.hpp"

#include <boost/url/params_view.hpp>

namespace baton::channels::http {

std::optional<std::string> RequestContext::query(std::string_view key) const {
  auto params = url.params();
  auto found = params.find(key);
  if (found == params.end()) return std::nullopt;
  return std::string((*found).value);
}

std::string_view RequestContext::header(beast_http::field field) const {
  auto found = request.find(field);
  return found == request.end() ? std::string_view() : std::string_view(found->value());
}

std::string_view RequestContext::header(std::string_view name) const {
  auto found = request.find(name);
  return found == request.end() ? std::string_view() : std::string_view(found->value());
}

std::optional<std::string> RequestContext::bearer_token() const {
  const std::string_view value = header(beast_http::field::authorization);
  constexpr std::string_view kScheme = "Bearer ";
  if (value.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != std::tolower(static_cast<unsigned char>(kScheme[i]))) {
      return std::nullopt;
    }
  }
  return std::string(value.substr(kScheme.size()));
}

std::optional<std::string> RequestContext::cookie(std::string_view name) const {
  std::string_view cookies = header(beast_http::field::cookie);
  while (!cookies.empty()) {
    const auto end = cookies.find(';');
    std::string_view pair = cookies.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
    if (end == std::string_view::npos) break;
    cookies.remove_prefix(end + 1);
  }
  return std::nullopt;
}

}  // namespace baton::channels::http
