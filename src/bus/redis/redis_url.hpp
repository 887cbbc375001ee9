// `redis://[:PASSWORD@]HOST[:PORT][/DB]`, as `--redis` takes it.
#pragma once

#include <optional>
#include <string>

namespace baton::bus::redis {

struct RedisUrl {
  std::string host;
  std::string port = "6379";
  std::optional<std::string> password;
  int database = 0;
};

// Throws std::invalid_argument with what is wrong.
RedisUrl parse_redis_url(const std::string& text);

}  // namespace baton::bus::redis
