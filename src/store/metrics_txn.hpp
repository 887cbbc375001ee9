// What a /metrics scrape reads (team operations, "Prometheus metrics"): counts, each in one
// aggregate query, never rows. ReadTxn includes it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/types.hpp"

namespace baton::store {

// Open conversations (not done) of one assistant, status, channel and kind of request.
struct OpenConversationCount {
  core::Id assistant_id;
  core::Status status = core::Status::ai;
  core::Channel channel = core::Channel::web;
  bool offline_request = false;
  std::int64_t count = 0;
  std::optional<core::TimePoint> oldest_request;  // the earliest handoff_requested_at among them
};

// Deliveries of an outbox not yet done.
struct OutboxBacklog {
  std::int64_t pending = 0;
  std::optional<core::TimePoint> oldest;  // when the oldest of them was queued
};

class MetricsReadTxn {
 public:
  virtual ~MetricsReadTxn() = default;
  virtual std::vector<OpenConversationCount> open_conversation_counts() = 0;
  virtual OutboxBacklog line_outbox_backlog() = 0;
  virtual OutboxBacklog webhook_outbox_backlog() = 0;
};

}  // namespace baton::store
