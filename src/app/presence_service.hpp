// Who is on duty: each agent's chosen presence and open console sockets, which assistants each
// agent serves, and each assistant's count of available members (zero outside its business
// hours), pushed to that assistant's widgets whenever it changes.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <utility>
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
  void load(const std::vector<core::Agent>& agents, const std::vector<core::Assistant>& assistants);
  // The roster changed (membership, an account disabled, business hours, a new assistant):
  // here, or on another node (a full reload keeps every node's view the same).
  void update_agent(const core::Agent& agent);
  void update_assistant(const core::Assistant& assistant);
  void reload_roster(const std::vector<core::Agent>& agents, const std::vector<core::Assistant>& assistants);

  asio::awaitable<core::Result<core::Agent>> set_presence(const core::Id& agent_id, core::Presence presence);
  void socket_opened(const core::Id& agent_id);
  void socket_closed(const core::Id& agent_id);

  bool is_available(const core::Id& agent_id) const;
  // Available agents in all (the console's own count).
  int available_count() const;
  // What an assistant's customers are told: its available members, zero outside its hours.
  int on_duty(const core::Id& assistant_id) const;
  // Whether the agent serves the assistant's customers (a member, account enabled).
  bool serves(const core::Id& agent_id, const core::Id& assistant_id) const;
  // The available members of the assistant (auto mode's candidates).
  std::vector<core::Id> available_members(const core::Id& assistant_id) const;
  // Agents not available now, with since when (requeue on agent loss).
  std::vector<std::pair<core::Id, core::TimePoint>> unavailable_agents() const;
  core::Presence presence_of(const core::Id& agent_id) const;
  // The assistants as last loaded (routing settings, business hours).
  std::vector<core::Assistant> assistants() const;
  // Whether the assistant's team is open now (its business hours).
  bool open_now(const core::Assistant& assistant) const;
  // Whether the agent's account is disabled (as last loaded).
  bool is_disabled(const core::Id& agent_id) const;
  // The assistant's routing mode as last loaded (manual when unknown).
  core::RoutingMode routing_mode(const core::Id& assistant_id) const;

  // Each enabled agent's chosen status, whether a console socket of theirs is open (here or, in
  // a cluster, on a node whose heartbeat is fresh) and whether they are available (/metrics).
  struct Staffing {
    core::Id agent_id;
    core::Presence presence = core::Presence::offline;
    bool connected = false;
    bool available = false;
  };
  std::vector<Staffing> staffing() const;

  // Called once a second: agents whose grace ran out stop counting, hours open and close.
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
  // Told of each status this node stores, of each agent whose last socket here closed, and
  // whenever an agent becomes available (set before serving).
  struct Listener {
    std::function<void(const core::Id&, core::Presence)> status_changed;
    std::function<void(const core::Id&)> last_socket_closed;
  };
  void set_listener(Listener listener) { listener_ = std::move(listener); }
  // Told when an agent comes on duty, and when an assistant's team opens (its count rises).
  void on_agent_available(std::function<void(const core::Id&)> watcher) { available_watcher_ = std::move(watcher); }

 private:
  struct Member {
    std::vector<core::Id> assistant_ids;  // empty: all
    bool disabled = false;
  };
  void publish_if_changed();
  bool available_locked(const core::Id& agent_id, core::TimePoint now) const;
  bool serves_locked(const core::Id& agent_id, const core::Id& assistant_id) const;
  int on_duty_locked(const core::Assistant& assistant, core::TimePoint now) const;
  void set_presence_locked(const core::Id& agent_id, core::Presence presence, core::TimePoint now);

  store::Store& store_;
  EventPublisher& events_;
  ClockFn clock_;
  std::chrono::milliseconds grace_;
  std::mutex publish_mutex_;
  mutable std::mutex mutex_;
  std::unordered_map<core::Id, core::AgentConnectionState> agents_;
  std::unordered_map<core::Id, Member> members_;
  std::vector<core::Assistant> assistants_;
  std::unordered_map<core::Id, int> last_published_;   // per assistant
  std::unordered_map<core::Id, bool> last_available_;  // per agent, to tell who came on duty
  Listener listener_;
  std::function<void(const core::Id&)> available_watcher_;
};

}  // namespace baton::app
