#include "bus/redis/redis_presence.hpp"

#include <algorithm>

namespace baton::bus::redis {

namespace asio = boost::asio;

asio::awaitable<std::optional<ClusterPresence>> RedisPresence::exchange(
    const std::vector<std::string>& connected_agents, std::int64_t now_ms, std::chrono::milliseconds window) {
  if (!connected_agents.empty()) {
    std::vector<std::string> add{"ZADD", kSocketsKey};
    for (const auto& agent : connected_agents) {
      add.push_back(std::to_string(now_ms));
      add.push_back(member(agent));
    }
    redis_.send(add);
  }
  redis_.send({"ZREMRANGEBYSCORE", kSocketsKey, "-inf", std::to_string(now_ms - 2 * window.count())});
  std::vector<std::string> recent{"ZRANGEBYSCORE", kSocketsKey, std::to_string(now_ms - window.count()), "+inf",
                                  "WITHSCORES"};
  auto seen = co_await redis_.call(std::move(recent));
  std::vector<std::string> read_status{"HGETALL", kStatusKey};
  auto statuses = co_await redis_.call(std::move(read_status));
  if (!seen || !statuses || seen->kind != RespValue::Kind::array || statuses->kind != RespValue::Kind::array) {
    co_return std::nullopt;
  }
  ClusterPresence presence;
  for (std::size_t i = 0; i + 1 < seen->elements.size(); i += 2) {
    const std::string& entry = seen->elements[i].text;
    const std::string agent = entry.substr(0, entry.rfind('|'));
    std::int64_t at = 0;
    try {
      at = std::stoll(seen->elements[i + 1].text);
    } catch (const std::exception&) {
      continue;  // not ours: ignore
    }
    auto& latest = presence.last_seen_ms[agent];
    latest = std::max(latest, at);
  }
  for (std::size_t i = 0; i + 1 < statuses->elements.size(); i += 2) {
    presence.status[statuses->elements[i].text] = statuses->elements[i + 1].text;
  }
  co_return presence;
}

void RedisPresence::closed(const std::string& agent_id, std::int64_t now_ms) {
  redis_.send({"ZADD", kSocketsKey, std::to_string(now_ms), member(agent_id)});
}

void RedisPresence::mirror_status(const std::vector<std::pair<std::string, std::string>>& statuses) {
  if (statuses.empty()) return;
  std::vector<std::string> set{"HSET", kStatusKey};
  for (const auto& [agent, status] : statuses) {
    set.push_back(agent);
    set.push_back(status);
  }
  redis_.send(set);
}

}  // namespace baton::bus::redis
