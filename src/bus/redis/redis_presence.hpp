// Presence shared by the nodes of a cluster, in Redis: a sorted set of (agent, node) scored by
// the last heartbeat of that node for an agent with an open console socket, and a hash of each
// agent's chosen status (mirrored from the store, which stays the truth). Nobody counts up and
// down: availability is computed from these, so a node that dies simply stops refreshing its
// entries and its agents drop out when the grace runs out.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bus/redis/redis_client.hpp"

namespace baton::bus::redis {

struct ClusterPresence {
  std::unordered_map<std::string, std::int64_t> last_seen_ms;  // agent → the latest heartbeat of any node
  std::unordered_map<std::string, std::string> status;         // agent → "online" | "away" | "offline"
};

class RedisPresence {
 public:
  static constexpr const char* kSocketsKey = "baton:presence:sockets";
  static constexpr const char* kStatusKey = "baton:presence:status";

  RedisPresence(RedisClient& redis, std::string node_id) : redis_(redis), node_id_(std::move(node_id)) {}

  // Heartbeats for this node's agents with an open socket, forgets entries past twice the
  // window, and answers what every node sees within the window. Nothing while Redis is away.
  boost::asio::awaitable<std::optional<ClusterPresence>> exchange(const std::vector<std::string>& connected_agents,
                                                                  std::int64_t now_ms,
                                                                  std::chrono::milliseconds window);
  // A socket closed here: the grace counts from now.
  void closed(const std::string& agent_id, std::int64_t now_ms);
  void mirror_status(const std::vector<std::pair<std::string, std::string>>& statuses);

 private:
  std::string member(const std::string& agent_id) const { return agent_id + "|" + node_id_; }

  RedisClient& redis_;
  std::string node_id_;
};

}  // namespace baton::bus::redis
