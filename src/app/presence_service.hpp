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

  // Several nodes. What the other nodes see, shared through Redis: each agent's chosen status
  // and the last heartbeat of a node where the agent has a socket open.
  struct ClusterView {
    std::unordered_map<core::Id, core::Presence> status;
    std::unordered_map<core::Id, core::TimePoint> connected_at;
  };
  void merge_cluster(const ClusterView& view);
  // The agents with a socket open on this node (its heartbeat).
  std::vector<core::Id> connected_agents() const;
  std::chrono::milliseconds grace() const { return grace_; }
  // Told of each status this node stores, and of each agent whose last socket here closed (set
  // before serving).
  struct Listener {
    std::function<void(const core::Id&, core::Presence)> status_changed;
    std::function<void(const core::Id&)> last_socket_closed;
  };
  void set_listener(Listener listener) { listener_ = std::move(listener); }

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
  Listener listener_;
};

}  // namespace baton::app
