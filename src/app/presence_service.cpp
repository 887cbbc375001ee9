#include "app/presence_service.hpp"

#include <algorithm>

namespace baton::app {

PresenceService::PresenceService(store::Store& store, EventPublisher& events, ClockFn clock,
                                 std::chrono::milliseconds grace)
    : store_(store), events_(events), clock_(std::move(clock)), grace_(grace) {}

void PresenceService::load(const std::vector<core::Agent>& agents, const std::vector<core::Id>& assistant_ids) {
  std::lock_guard lock(mutex_);
  for (const auto& agent : agents) agents_[agent.id].presence = agent.presence;
  assistant_ids_ = assistant_ids;
}

void PresenceService::track_assistant(const core::Id& assistant_id) {
  std::lock_guard lock(mutex_);
  if (std::find(assistant_ids_.begin(), assistant_ids_.end(), assistant_id) == assistant_ids_.end()) {
    assistant_ids_.push_back(assistant_id);
  }
}

asio::awaitable<core::Result<core::Agent>> PresenceService::set_presence(const core::Id& agent_id,
                                                                         core::Presence presence) {
  auto apply = [agent_id, presence](store::WriteTxn& txn) -> core::Result<core::Agent> {
    auto agent = txn.agent(agent_id);
    if (!agent) return core::fail(core::ErrorCode::not_found, "no such agent");
    txn.update_agent_presence(agent_id, presence);
    agent->presence = presence;
    return *agent;
  };
  auto stored = co_await commit<core::Agent>(store_, std::move(apply));
  if (stored) {
    {
      std::lock_guard lock(mutex_);
      agents_[agent_id].presence = presence;
    }
    if (listener_.status_changed) listener_.status_changed(agent_id, presence);
    publish_if_changed();
  }
  co_return stored;
}

void PresenceService::socket_opened(const core::Id& agent_id) {
  {
    std::lock_guard lock(mutex_);
    ++agents_[agent_id].open_sockets;
  }
  publish_if_changed();
}

void PresenceService::socket_closed(const core::Id& agent_id) {
  bool last_closed = false;
  {
    std::lock_guard lock(mutex_);
    auto& state = agents_[agent_id];
    if (state.open_sockets > 0) --state.open_sockets;
    if (state.open_sockets == 0) state.last_socket_closed_at = clock_();
    last_closed = state.open_sockets == 0;
  }
  if (last_closed && listener_.last_socket_closed) listener_.last_socket_closed(agent_id);
  publish_if_changed();
}

bool PresenceService::is_available(const core::Id& agent_id) const {
  std::lock_guard lock(mutex_);
  auto found = agents_.find(agent_id);
  return found != agents_.end() && core::is_available(found->second, clock_(), grace_);
}

int PresenceService::available_count() const {
  std::lock_guard lock(mutex_);
  return count_locked(clock_());
}

core::Presence PresenceService::presence_of(const core::Id& agent_id) const {
  std::lock_guard lock(mutex_);
  auto found = agents_.find(agent_id);
  return found == agents_.end() ? core::Presence::offline : found->second.presence;
}

void PresenceService::tick() { publish_if_changed(); }

void PresenceService::merge_cluster(const ClusterView& view) {
  {
    std::lock_guard lock(mutex_);
    for (const auto& [agent_id, presence] : view.status) agents_[agent_id].presence = presence;
    // An agent missing from the view keeps its last heartbeat, which ages out by itself.
    for (const auto& [agent_id, at] : view.connected_at) agents_[agent_id].connected_elsewhere_at = at;
  }
  publish_if_changed();
}

std::vector<core::Id> PresenceService::connected_agents() const {
  std::lock_guard lock(mutex_);
  std::vector<core::Id> connected;
  for (const auto& [agent_id, state] : agents_) {
    if (state.open_sockets > 0) connected.push_back(agent_id);
  }
  return connected;
}

int PresenceService::count_locked(core::TimePoint now) const {
  int count = 0;
  for (const auto& [id, state] : agents_) count += core::is_available(state, now, grace_) ? 1 : 0;
  return count;
}

void PresenceService::publish_if_changed() {
  // One publisher at a time, so widgets never see an older count after a newer one.
  std::lock_guard publishing(publish_mutex_);
  std::vector<core::Id> assistant_ids;
  int count = 0;
  {
    std::lock_guard lock(mutex_);
    count = count_locked(clock_());
    if (count == last_published_count_) return;
    last_published_count_ = count;
    assistant_ids = assistant_ids_;
  }
  events_.agents_online(assistant_ids, count);
}

}  // namespace baton::app
