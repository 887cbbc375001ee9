// Who is on duty: each agent's chosen presence and open console sockets, and the count of
// available agents pushed to widgets whenever it changes.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "app/async.hpp"
#include "app/event_publisher.hpp"
#include "core/availability.hpp"

namespace baton::app {

using ClockFn = std::function<core::TimePoint()>;

class PresenceService {
 public:
  PresenceService(store::Store& store, EventPublisher& events, ClockFn clock,
                  std::chrono::milliseconds grace = core::kPresenceGrace);

  // At start: what the store remembers (no socket is open yet).
  void load(const std::vector<core::Agent>& agents, const std::vector<core::Id>& assistant_ids);
  void track_assistant(const core::Id& assistant_id);

  asio::awaitable<core::Result<core::Agent>> set_presence(const core::Id& agent_id, core::Presence presence);
  void socket_opened(const core::Id& agent_id);
  void socket_closed(const core::Id& agent_id);

  bool is_available(const core::Id& agent_id) const;
  int available_count() const;
  core::Presence presence_of(const core::Id& agent_id) const;

  // Called once a second: agents whose grace ran out stop counting.
  void tick();

 private:
  void publish_if_changed();
  int count_locked(core::TimePoint now) const;

  store::Store& store_;
  EventPublisher& events_;
  ClockFn clock_;
  std::chrono::milliseconds grace_;
  std::mutex publish_mutex_;
  mutable std::mutex mutex_;
  std::unordered_map<core::Id, core::AgentConnectionState> agents_;
  std::vector<core::Id> assistant_ids_;
  int last_published_count_ = 0;
};

}  // namespace baton::app
