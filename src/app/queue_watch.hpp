// Tells each waiting customer their place in the queue whenever it changes (team operations
// §4.3): someone ahead was taken, left or was closed, or a request came in. Every node watches
// every conversation change (its own and, through the bus, the other nodes'), re-reads that
// assistant's queue and tells its own widget sockets only (Reach::node), so a customer hears it
// once, whichever node their socket is on. A left message is not ranked, and a customer taken
// out of the queue hears nothing from here (their conversation.updated says it).
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <set>
#include <unordered_map>

#include "app/event_publisher.hpp"
#include "bus/event_bus.hpp"
#include "store/store.hpp"

namespace baton::app {

class QueueWatch {
 public:
  // Places told per assistant, at most: a queue longer than this is told its first part.
  static constexpr int kMaxRanked = 1000;

  QueueWatch(store::Store& store, boost::asio::thread_pool& pool, bus::EventBus& bus, EventPublisher& events);

 private:
  // Bus thread: notes which assistant's queue may have changed and has it re-read.
  void on_event(const bus::Event& event);
  // Blocking pool, one run at a time: re-reads each noted queue and tells what changed.
  void refresh();
  void refresh(const core::Id& assistant_id);
  // The console's line for the assistant: how many wait and since when (told when it changes).
  void tell_agents(store::ReadTxn& txn, const core::Id& assistant_id);

  store::Store& store_;
  boost::asio::thread_pool& pool_;
  EventPublisher& events_;
  std::mutex mutex_;
  std::set<core::Id> dirty_;  // assistants whose queue is to be re-read
  bool refreshing_ = false;
  // What each waiting customer was last told, by assistant (only the refresh run touches it).
  std::unordered_map<core::Id, std::unordered_map<core::Id, int>> told_;
  std::unordered_map<core::Id, store::QueueSummary> summaries_;  // what agents were last told
  bus::Subscription subscription_;                               // last: unsubscribed first
};

}  // namespace baton::app
