#include "app/presence_service.hpp"

#include <algorithm>

#include "core/business_hours.hpp"
#include "core/routing.hpp"

namespace baton::app {
namespace {

// Whether the assistant's team is open at `now` (its business hours).
bool open_at(const core::Assistant& assistant, core::TimePoint now) {
  return core::is_open(assistant.business_hours, now);
}

}  // namespace

PresenceService::PresenceService(store::Store& store, EventPublisher& events, ClockFn clock,
                                 std::chrono::milliseconds grace)
    : store_(store), events_(events), clock_(std::move(clock)), grace_(grace) {}

void PresenceService::load(const std::vector<core::Agent>& agents, const std::vector<core::Assistant>& assistants) {
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_();
    for (const auto& agent : agents) set_presence_locked(agent.id, agent.presence, now);
  }
  reload_roster(agents, assistants);
}

void PresenceService::reload_roster(const std::vector<core::Agent>& agents,
                                    const std::vector<core::Assistant>& assistants) {
  {
    std::lock_guard lock(mutex_);
    members_.clear();
    for (const auto& agent : agents) members_[agent.id] = Member{agent.assistant_ids, agent.disabled};
    assistants_ = assistants;
  }
  publish_if_changed();
}

void PresenceService::update_agent(const core::Agent& agent) {
  {
    std::lock_guard lock(mutex_);
    members_[agent.id] = Member{agent.assistant_ids, agent.disabled};
  }
  publish_if_changed();
}

void PresenceService::update_assistant(const core::Assistant& assistant) {
  {
    std::lock_guard lock(mutex_);
    auto found = std::find_if(assistants_.begin(), assistants_.end(),
                              [&](const core::Assistant& known) { return known.id == assistant.id; });
    if (found == assistants_.end()) {
      assistants_.push_back(assistant);
    } else {
      *found = assistant;
    }
  }
  publish_if_changed();
}

void PresenceService::set_presence_locked(const core::Id& agent_id, core::Presence presence, core::TimePoint now) {
  auto& state = agents_[agent_id];
  if (state.presence != presence || state.presence_since == core::TimePoint{}) state.presence_since = now;
  state.presence = presence;
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
      set_presence_locked(agent_id, presence, clock_());
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

bool PresenceService::available_locked(const core::Id& agent_id, core::TimePoint now) const {
  auto found = agents_.find(agent_id);
  if (found == agents_.end() || !core::is_available(found->second, now, grace_)) return false;
  auto member = members_.find(agent_id);
  return member == members_.end() || !member->second.disabled;
}

bool PresenceService::serves_locked(const core::Id& agent_id, const core::Id& assistant_id) const {
  auto member = members_.find(agent_id);
  if (member == members_.end()) return true;  // not loaded yet: an agent serves all by default
  return core::serves(member->second.assistant_ids, member->second.disabled, assistant_id);
}

int PresenceService::on_duty_locked(const core::Assistant& assistant, core::TimePoint now) const {
  if (!open_at(assistant, now)) return 0;
  int count = 0;
  for (const auto& [id, state] : agents_) {
    if (available_locked(id, now) && serves_locked(id, assistant.id)) ++count;
  }
  return count;
}

bool PresenceService::is_available(const core::Id& agent_id) const {
  std::lock_guard lock(mutex_);
  return available_locked(agent_id, clock_());
}

int PresenceService::available_count() const {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  int count = 0;
  for (const auto& [id, state] : agents_) count += available_locked(id, now) ? 1 : 0;
  return count;
}

std::vector<PresenceService::Staffing> PresenceService::staffing() const {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  std::vector<Staffing> staffing;
  staffing.reserve(agents_.size());
  for (const auto& [id, state] : agents_) {
    const auto member = members_.find(id);
    if (member != members_.end() && member->second.disabled) continue;
    const bool elsewhere = state.connected_elsewhere_at && now - *state.connected_elsewhere_at <= grace_;
    staffing.push_back(Staffing{id, state.presence, state.open_sockets > 0 || elsewhere, available_locked(id, now)});
  }
  return staffing;
}

int PresenceService::on_duty(const core::Id& assistant_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& assistant : assistants_) {
    if (assistant.id == assistant_id) return on_duty_locked(assistant, clock_());
  }
  core::Assistant unknown;  // created on another node a moment ago: no hours yet
  unknown.id = assistant_id;
  return on_duty_locked(unknown, clock_());
}

bool PresenceService::serves(const core::Id& agent_id, const core::Id& assistant_id) const {
  std::lock_guard lock(mutex_);
  return serves_locked(agent_id, assistant_id);
}

std::vector<core::Id> PresenceService::available_members(const core::Id& assistant_id) const {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  std::vector<core::Id> members;
  for (const auto& [id, state] : agents_) {
    if (available_locked(id, now) && serves_locked(id, assistant_id)) members.push_back(id);
  }
  std::sort(members.begin(), members.end());
  return members;
}

std::vector<std::pair<core::Id, core::TimePoint>> PresenceService::unavailable_agents() const {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  std::vector<std::pair<core::Id, core::TimePoint>> gone;
  for (const auto& [id, state] : agents_) {
    if (auto since = core::unavailable_since(state, now, grace_)) gone.emplace_back(id, *since);
  }
  return gone;
}

core::Presence PresenceService::presence_of(const core::Id& agent_id) const {
  std::lock_guard lock(mutex_);
  auto found = agents_.find(agent_id);
  return found == agents_.end() ? core::Presence::offline : found->second.presence;
}

std::vector<core::Assistant> PresenceService::assistants() const {
  std::lock_guard lock(mutex_);
  return assistants_;
}

bool PresenceService::open_now(const core::Assistant& assistant) const { return open_at(assistant, clock_()); }

bool PresenceService::is_disabled(const core::Id& agent_id) const {
  std::lock_guard lock(mutex_);
  auto member = members_.find(agent_id);
  return member != members_.end() && member->second.disabled;
}

core::RoutingMode PresenceService::routing_mode(const core::Id& assistant_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& assistant : assistants_) {
    if (assistant.id == assistant_id) return assistant.routing.mode;
  }
  return core::RoutingMode::manual;
}

void PresenceService::tick() { publish_if_changed(); }

void PresenceService::merge_cluster(const ClusterView& view) {
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_();
    for (const auto& [agent_id, presence] : view.status) set_presence_locked(agent_id, presence, now);
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

void PresenceService::publish_if_changed() {
  // One publisher at a time, so widgets never see an older count after a newer one.
  std::lock_guard publishing(publish_mutex_);
  std::vector<std::pair<core::Id, int>> changed_counts;
  std::vector<core::Id> came_on_duty;
  bool opened = false;
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_();
    for (const auto& assistant : assistants_) {
      const int count = on_duty_locked(assistant, now);
      auto [last, inserted] = last_published_.try_emplace(assistant.id, 0);
      if (last->second == count) continue;
      opened = opened || count > last->second;  // someone came on duty, or the team opened
      last->second = count;
      changed_counts.emplace_back(assistant.id, count);
    }
    for (const auto& [id, state] : agents_) {
      const bool available = available_locked(id, now);
      auto [last, inserted] = last_available_.try_emplace(id, false);
      if (last->second == available) continue;
      last->second = available;
      if (available) came_on_duty.push_back(id);
    }
  }
  for (const auto& [assistant_id, count] : changed_counts) events_.agents_online(assistant_id, count);
  if (available_watcher_) {
    for (const auto& id : came_on_duty) available_watcher_(id);
    if (opened && came_on_duty.empty()) available_watcher_({});  // opening time: serve the queue
  }
}

}  // namespace baton::app
