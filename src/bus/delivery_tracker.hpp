// What a node of a cluster has delivered to its own sockets, per conversation: the messages by
// seq and the conversation by version. An event can reach a node twice (its Redis copy and the
// catch-up sweep's replay) or late (two nodes publish changes of one conversation in the other
// order); the tracker lets the first copy through and drops the rest, and drops a conversation
// older than one already delivered. The sweep asks it what is still missing.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "bus/event_bus.hpp"

namespace baton::bus {

class DeliveryTracker {
 public:
  // False for a copy of an event already delivered here, or a conversation older than the one
  // delivered. Events without a seq or a version always pass.
  bool admit(const Event& event);

  struct Mark {
    // Every message up to this seq has been delivered on every topic; nothing when no message of
    // the conversation has been delivered here lately (only its state).
    std::optional<std::int64_t> seq;
    std::int64_t version = 0;  // conversation.updated delivered up to this version on every topic
  };
  // Nothing when this node has delivered nothing of the conversation lately.
  std::optional<Mark> mark(const std::string& conversation_id) const;

  // Forgets conversations with no event for `idle`.
  void prune(std::chrono::steady_clock::duration idle);

  // Received messages kept above a gap before the gap counts as lost.
  static constexpr std::size_t kMaxAboveGap = 1024;
  // The first message seen of a conversation may have overtaken a few before it (two writer
  // lanes, two nodes): those stay open for a late copy or the sweep's replay.
  static constexpr std::int64_t kFirstSightSlack = 8;

 private:
  struct Seqs {
    std::int64_t floor = 0;        // all up to here delivered
    std::set<std::int64_t> above;  // delivered past a gap
  };
  struct Conversation {
    std::map<std::string, Seqs> seqs;              // by topic
    std::map<std::string, std::int64_t> versions;  // by topic + "|" + type
    std::chrono::steady_clock::time_point touched;
  };

  bool admit_seq(Conversation& conversation, const Event& event);
  static bool admit_version(Conversation& conversation, const Event& event);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Conversation> conversations_;
};

}  // namespace baton::bus
