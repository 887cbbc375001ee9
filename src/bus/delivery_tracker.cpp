#include "bus/delivery_tracker.hpp"

#include <algorithm>

namespace baton::bus {

bool DeliveryTracker::admit(const Event& event) {
  if (event.conversation_id.empty() || (event.seq <= 0 && event.version <= 0)) return true;
  std::lock_guard lock(mutex_);
  auto& conversation = conversations_[event.conversation_id];
  conversation.touched = std::chrono::steady_clock::now();
  return event.seq > 0 ? admit_seq(conversation, event) : admit_version(conversation, event);
}

bool DeliveryTracker::admit_seq(Conversation& conversation, const Event& event) {
  auto [found, first] = conversation.seqs.try_emplace(event.topic);
  Seqs& seqs = found->second;
  // The first message seen here: what came well before it reached the clients' own fetches;
  // the few just before may still be on their way.
  if (first) seqs.floor = std::max<std::int64_t>(0, event.seq - 1 - kFirstSightSlack);
  if (event.seq <= seqs.floor || !seqs.above.insert(event.seq).second) return false;
  while (!seqs.above.empty() && *seqs.above.begin() == seqs.floor + 1) {
    seqs.floor = *seqs.above.begin();
    seqs.above.erase(seqs.above.begin());
  }
  // A gap that never fills (a message lost on the way) must not hold memory forever: the sweep
  // has had its chance to replay it by then.
  if (seqs.above.size() > kMaxAboveGap) {
    seqs.floor = *seqs.above.begin();
    seqs.above.erase(seqs.above.begin());
  }
  return true;
}

bool DeliveryTracker::admit_version(Conversation& conversation, const Event& event) {
  auto& delivered = conversation.versions[event.topic + "|" + event.type];
  if (event.version <= delivered) return false;
  delivered = event.version;
  return true;
}

std::optional<DeliveryTracker::Mark> DeliveryTracker::mark(const std::string& conversation_id) const {
  std::lock_guard lock(mutex_);
  auto found = conversations_.find(conversation_id);
  if (found == conversations_.end()) return std::nullopt;
  Mark mark;
  for (const auto& [topic, seqs] : found->second.seqs) mark.seq = std::min(mark.seq.value_or(seqs.floor), seqs.floor);
  bool first = true;
  for (const auto& [key, version] : found->second.versions) {
    if (!key.ends_with("|conversation.updated")) continue;
    mark.version = first ? version : std::min(mark.version, version);
    first = false;
  }
  return mark;
}

void DeliveryTracker::prune(std::chrono::steady_clock::duration idle) {
  const auto cutoff = std::chrono::steady_clock::now() - idle;
  std::lock_guard lock(mutex_);
  std::erase_if(conversations_, [cutoff](const auto& entry) { return entry.second.touched < cutoff; });
}

}  // namespace baton::bus
