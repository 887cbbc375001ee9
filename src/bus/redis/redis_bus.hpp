// The event bus of a cluster: every event is delivered to this node's subscribers at once and
// published on one Redis channel for the other nodes, which deliver it to theirs. Redis carries
// events only: when it is away, events still reach this node's own sockets, and the catch-up
// sweep (app/catch_up_sweep) replays from the store what the other nodes missed.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "bus/delivery_tracker.hpp"
#include "bus/event_bus.hpp"
#include "bus/local_bus.hpp"
#include "bus/redis/redis_client.hpp"
#include "bus/redis/redis_subscriber.hpp"

namespace baton::bus::redis {

class RedisBus final : public EventBus {
 public:
  static constexpr const char* kChannel = "baton:events";

  // `node_id` tells this node's own messages apart when they come back from Redis.
  RedisBus(const RedisUrl& url, std::string node_id);
  ~RedisBus() override;
  RedisBus(const RedisBus&) = delete;
  RedisBus& operator=(const RedisBus&) = delete;

  void publish(const Event& event) override;
  Subscription subscribe(const std::string& topic, Handler handler) override;

  // Set before start(): runs on the bus thread after every (re)subscription, when events
  // published meanwhile may have been missed. Must not block.
  void on_resubscribed(std::function<void()> action) { on_resubscribed_ = std::move(action); }
  void start();

  // Both connections are up.
  bool connected() const { return commands_.connected() && subscriber_.subscribed(); }
  RedisClient& commands() { return commands_; }
  DeliveryTracker& delivered() { return tracker_; }
  const std::string& node_id() const { return node_id_; }

 private:
  void receive(std::string_view bytes);

  std::string node_id_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<LocalBus> local_ = std::make_shared<LocalBus>();
  DeliveryTracker tracker_;
  RedisClient commands_;
  RedisSubscriber subscriber_;
  std::function<void()> on_resubscribed_;
  // A test's fault: die after a message's commit, before its publish (the sweep must heal it).
  const bool exit_before_publish_ = std::getenv("BATON_TEST_EXIT_BEFORE_PUBLISH") != nullptr;
  std::thread thread_;
};

}  // namespace baton::bus::redis
