// Several nodes: the catch-up sweep. An event published while Redis was away, or never
// published because its node died between the commit and the publish, is still in the store.
// Every couple of seconds, and each time the bus resubscribes, a node re-reads the
// conversations changed within the window and replays to its own sockets the messages and the
// conversation states they have not had (the bus's delivery tracker knows which).
#pragma once

#include <chrono>

#include "app/event_publisher.hpp"
#include "app/presence_service.hpp"
#include "bus/delivery_tracker.hpp"
#include "store/store.hpp"

namespace baton::app {

class CatchUpSweep {
 public:
  CatchUpSweep(store::Store& store, bus::EventBus& bus, bus::DeliveryTracker& delivered, ClockFn clock,
               std::chrono::seconds window = std::chrono::seconds(30));

  // Store reads: call it off the network threads. Answers how many events it replayed.
  int run_once();

  // Conversations read per pass, newest first; more within the window wait for the next pass.
  static constexpr int kMaxConversations = 2000;
  static constexpr int kMaxMessages = 500;

 private:
  store::Store& store_;
  EventPublisher replay_;  // to this node's sockets only
  bus::DeliveryTracker& delivered_;
  ClockFn clock_;
  std::chrono::seconds window_;
};

}  // namespace baton::app
