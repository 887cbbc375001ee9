#include "bus/redis/redis_url.hpp"

#include <boost/url/parse.hpp>
#include <charconv>
#include <stdexcept>

namespace baton::bus::redis {

RedisUrl parse_redis_url(const std::string& text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed || parsed->scheme() != "redis" || parsed->host().empty()) {
    throw std::invalid_argument("--redis takes redis://HOST:PORT (optionally redis://:PASSWORD@HOST:PORT/DB)");
  }
  RedisUrl url;
  url.host = parsed->host_address();
  if (!url.host.empty() && url.host.front() == '[') url.host = url.host.substr(1, url.host.size() - 2);
  if (parsed->has_port()) url.port = parsed->port();
  if (parsed->has_password()) url.password = std::string(parsed->password());
  std::string path = parsed->path();
  if (!path.empty() && path != "/") {
    const std::string digits = path.substr(1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), url.database);
    if (error != std::errc() || end != digits.data() + digits.size() || url.database < 0) {
      throw std::invalid_argument("the database of a redis:// URL is a number, as in redis://HOST:PORT/0");
    }
  }
  return url;
}

}  // namespace baton::bus::redis
