// What makes this process one node of a cluster (`--redis`): the Redis bus, presence shared
// with the other nodes, and the catch-up sweep that heals what Redis did not carry.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <string>

#include "app/catch_up_sweep.hpp"
#include "app/presence_service.hpp"
#include "app/shared_limits.hpp"
#include "bus/redis/redis_bus.hpp"
#include "bus/redis/redis_presence.hpp"
#include "bus/redis/redis_rate_limits.hpp"
#include "store/store.hpp"

namespace baton::main {

class ClusterNode final : public app::SharedLimits {
 public:
  // Throws std::invalid_argument for a malformed URL; connecting happens in start().
  ClusterNode(const std::string& redis_url, store::Store& store, boost::asio::thread_pool& blocking,
              app::ClockFn clock);

  bus::EventBus& bus() { return bus_; }
  // Wires presence to Redis and starts the bus, the heartbeat and the sweep on `io`.
  // `after_outage` runs on the blocking pool each time Redis is back after being away (what the
  // other nodes said meanwhile, such as knowledge changes, was not heard).
  void start(boost::asio::io_context& io, app::PresenceService& presence, std::function<void()> after_outage);
  bool redis_connected() const { return bus_.connected(); }
  // Rate limits counted in Redis for the whole cluster.
  boost::asio::awaitable<std::optional<int>> take(std::string key, core::RatePolicy policy) override;
  const std::string& node_id() const { return bus_.node_id(); }

  static constexpr auto kSweepEvery = std::chrono::seconds(2);
  static constexpr auto kHeartbeatEvery = std::chrono::seconds(1);

 private:
  // Off the network threads; one pass at a time (a slow store must not pile passes up).
  void sweep_soon();
  // After Redis comes back: its copy of every agent's status, from the store.
  void mirror_statuses();
  boost::asio::awaitable<void> heartbeat(app::PresenceService& presence);

  store::Store& store_;
  boost::asio::thread_pool& blocking_;
  app::ClockFn clock_;
  bus::redis::RedisBus bus_;
  bus::redis::RedisPresence presence_board_;
  bus::redis::RedisRateLimits rate_limits_;
  app::CatchUpSweep sweep_;
  std::atomic<bool> sweeping_ = false;
  bool subscribed_before_ = false;  // the bus thread only
};

}  // namespace baton::main
