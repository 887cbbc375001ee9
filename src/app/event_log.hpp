// Writes the conversation event log (team operations §4.0) inside the write job of the change
// it records, so that the log and the conversations never disagree, even after a kill -9. It
// decides what a rule's event adds: the episode it belongs to (a handoff request, an agent
// joining on their own or a reactivation opens one; Done closes it), the duration it ends, and
// the data reports and webhooks read.
#pragma once

#include "app/presence_service.hpp"  // ClockFn
#include "core/types.hpp"
#include "store/store.hpp"

namespace baton::app {

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

 private:
  // Appends the event and tells the webhooks of it.
  void append(store::WriteTxn& txn, const core::Conversation& conversation, const core::ConversationEvent& event) const;

  ClockFn clock_;
  WebhookOutbox* webhooks_;
};

}  // namespace baton::app
