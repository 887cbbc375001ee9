// Writes the conversation event log (team operations §4.0) inside the write job of the change
// it records, so that the log and the conversations never disagree, even after a kill -9. It
// decides what a rule's event adds: the episode it belongs to (a handoff request, an agent
// joining on their own or a reactivation opens one; Done closes it), the duration it ends, and
// the data reports and webhooks read.
#pragma once

#include <functional>

#include "app/presence_service.hpp"  // ClockFn
#include "core/types.hpp"
#include "store/store.hpp"

namespace baton::app {

// An event as committed, with what /metrics counts it by: small, bounded values, never an id.
struct CommittedEvent {
  core::LogEventType type = core::LogEventType::handoff_requested;
  core::Channel channel = core::Channel::web;
  core::HandoffReason handoff_reason = core::HandoffReason::none;  // handoff_requested
  bool offline_request = false;                                    // handoff_requested
  core::AssignedBy by = core::AssignedBy::claim;                   // assigned
  std::string reason;                                              // requeued, abandoned
  bool to_queue = false;                                           // transferred back to the queue
  bool first_of_episode = false;                                   // agent_message_first
  std::optional<std::int64_t> duration_ms;                         // as stored (wait, first response, ...)
  int score = 0;                                                   // csat_submitted
};
// Told of each event once, after the write job that recorded it committed (a job rerun after a
// conflict tells nothing for its undone attempt).
using EventObserver = std::function<void(const CommittedEvent&)>;

class WebhookOutbox;

class EventLog {
 public:
  // `webhooks`: told of every event appended, in the same transaction (none: no webhooks).
  explicit EventLog(ClockFn clock, WebhookOutbox* webhooks = nullptr) : clock_(std::move(clock)), webhooks_(webhooks) {}

  // Records a rule's event for `conversation` (as stored after the change); `hours` are its
  // assistant's, for the business-hours part of a duration.
  void record(store::WriteTxn& txn, const core::Conversation& conversation, const core::LogEvent& event,
              const core::BusinessHours& hours) const;
  // An agent's message to the customer: the first of its episode ends the first-response time.
  void agent_message(store::WriteTxn& txn, const core::Conversation& conversation, const core::Message& message) const;
  // Set before serving.
  void observe(EventObserver observer) { observer_ = std::move(observer); }

 private:
  // Appends the event and tells the webhooks of it.
  void append(store::WriteTxn& txn, const core::Conversation& conversation, const core::ConversationEvent& event) const;
  void tell_after_commit(store::WriteTxn& txn, CommittedEvent event) const;

  ClockFn clock_;
  EventObserver observer_;
  WebhookOutbox* webhooks_;
};

}  // namespace baton::app
