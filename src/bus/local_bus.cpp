#include "bus/local_bus.hpp"

#include <vector>

namespace baton::bus {

void LocalBus::publish(const Event& event) {
  if (event.reach == Reach::others) return;  // one node: there are no others
  std::vector<std::shared_ptr<const Handler>> handlers;
  {
    std::lock_guard lock(mutex_);
    auto found = topics_.find(event.topic);
    if (found == topics_.end()) return;
    handlers.reserve(found->second.size());
    for (const auto& [id, handler] : found->second) handlers.push_back(handler);
  }
  // Called outside the lock so a handler may subscribe or unsubscribe.
  for (const auto& handler : handlers) (*handler)(event);
}

Subscription LocalBus::subscribe(const std::string& topic, Handler handler) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    topics_[topic].emplace(id, std::make_shared<const Handler>(std::move(handler)));
  }
  std::weak_ptr<LocalBus> weak = weak_from_this();
  return Subscription([weak, topic, id] {
    auto self = weak.lock();
    if (!self) return;
    std::lock_guard lock(self->mutex_);
    auto found = self->topics_.find(topic);
    if (found == self->topics_.end()) return;
    found->second.erase(id);
    if (found->second.empty()) self->topics_.erase(found);
  });
}

}  // namespace baton::bus
