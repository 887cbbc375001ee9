// The in-process event bus: one node, subscribers called on the publisher's thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>

#include "bus/event_bus.hpp"

namespace baton::bus {

class LocalBus final : public EventBus, public std::enable_shared_from_this<LocalBus> {
 public:
  void publish(const Event& event) override;
  Subscription subscribe(const std::string& topic, Handler handler) override;

 private:
  std::mutex mutex_;
  std::uint64_t next_id_ = 0;
  std::unordered_map<std::string, std::map<std::uint64_t, std::shared_ptr<const Handler>>> topics_;
};

}  // namespace baton::bus
