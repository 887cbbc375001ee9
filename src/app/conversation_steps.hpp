// The steps of a conversation inside one write job, shared by every channel's service (the web
// widget and agents in ConversationService, LINE in LineInboundService, the AI's replies): store
// a message and hand it to its channel, announce an event, apply a rule's transition (and record
// it in the conversation event log), accept a customer's message or request for a person.
// Synchronous: the caller owns the transaction, and what others must hear is published after it
// commits.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "app/channel_delivery.hpp"
#include "app/event_log.hpp"
#include "app/event_publisher.hpp"
#include "app/presence_service.hpp"
#include "core/conversation_rules.hpp"
#include "core/csat.hpp"
#include "store/store.hpp"

namespace baton::app {

// How a customer's message is taken.
struct CustomerMessageOptions {
  bool agents_available = false;  // decides between a handoff and an offline request
  core::MessageReach reach = core::MessageReach::sets_off_replies;
  // The text asks for a person (core::is_handoff_request). Judged by the caller before the write:
  // the detector's CPU must not hold the store's single writer (docs/benchmarks.md, issue #17).
  bool asks_for_person = false;
};

// A customer's message as stored, and what it set off.
struct AcceptedMessage {
  core::Message message;
  core::CustomerMessageOutcome outcome;
  // The AI should answer it (after commit; see AiReplies).
  bool ai_should_answer() const { return outcome == core::CustomerMessageOutcome::ai_answers; }
};

// What a committed transition changed for the queue (see Assigner): a conversation waiting now
// (a handoff, a transfer back, a requeue), or an agent's capacity freed (Done, a transfer away).
struct QueueChange {
  core::Id assistant_id;
  core::Id conversation_id;
  bool waiting = false;
  bool capacity_freed = false;
  std::optional<core::Id> handed_back_by;  // a transfer to the queue: who let it go
};

class ConversationSteps {
 public:
  using Rule = std::function<core::Result<core::Transition>(const core::Conversation&, const core::Assistant&)>;

  // `webhooks`: told of new conversations, messages and log events, in their transactions.
  ConversationSteps(EventPublisher& events, const ChannelDeliveries& channels, ClockFn clock,
                    WebhookOutbox* webhooks = nullptr);

  // Stores a new conversation (its contact with it).
  void start(store::WriteTxn& txn, const core::Conversation& conversation);

  core::Message new_message(const core::Id& conversation_id, core::Sender sender, std::string text) const;
  // Stores a message, passes it to the conversation's channel, publishes it after commit.
  core::Message append(store::WriteTxn& txn, const core::Conversation& conversation, core::Message message);
  // A system notice of `event` in the conversation.
  core::Message announce(store::WriteTxn& txn, const core::Conversation& conversation, const core::Assistant& assistant,
                         core::SystemEvent event, std::optional<core::Id> agent_id = std::nullopt);
  // Stores a rule's transition (the conversation and its notices) and publishes it after commit.
  core::Result<core::Conversation> apply_transition(store::WriteTxn& txn, const core::Conversation& before,
                                                    const core::Assistant& assistant, const Rule& rule);
  core::Result<core::Conversation> accept_handoff_request(store::WriteTxn& txn, const core::Conversation& conversation,
                                                          const core::Assistant& assistant, core::HandoffReason reason,
                                                          bool agents_available);
  // Stores the customer's message and does what it calls for: a typed request for a person
  // hands over (or says live agents are off); otherwise the outcome tells whether the AI answers.
  core::Result<AcceptedMessage> accept_customer_message(store::WriteTxn& txn, const core::Conversation& conversation,
                                                        const core::Assistant& assistant, core::Message message,
                                                        CustomerMessageOptions options);

  // Satisfaction surveys (team operations §4.8; csat_steps.cpp). After an agent's Done
  // (`conversation` as stored): the survey of the episode Done closed, when one is due.
  void request_survey(store::WriteTxn& txn, const core::Conversation& conversation, const core::Assistant& assistant);
  // A customer's rating of a survey of `conversation_id` (404 for any other, 409 already_rated,
  // 409 survey_expired), logged; agents hear csat.submitted after commit.
  core::Result<core::CsatSurvey> rate_survey(store::WriteTxn& txn, const core::Id& conversation_id,
                                             const core::Id& survey_id, const core::Rating& rating);

  core::TimePoint now() const { return clock_(); }

  // Told after each commit that changed the queue (set before serving).
  void on_queue_changed(std::function<void(const QueueChange&)> watcher) { queue_watcher_ = std::move(watcher); }
  // Told of each event of the log, and of each message, once committed (/metrics; set before serving).
  void on_event_committed(EventObserver observer) { log_.observe(std::move(observer)); }
  void on_message_committed(std::function<void(const core::Message&, core::Channel)> observer) {
    message_observer_ = std::move(observer);
  }

 private:
  // A notice with the given details (a place in the queue), its neutral text for history.
  core::Message announce_with(store::WriteTxn& txn, const core::Conversation& conversation,
                              const core::Assistant& assistant, core::SystemEvent event, core::NoticeDetails details,
                              std::optional<core::Id> agent_id);
  // The agent a transition gave the conversation to: their latest assignment (stored) and, after
  // commit, conversation.assigned; and the queue's watcher told what changed for it.
  void announce_assignment(store::WriteTxn& txn, const core::Conversation& before, const core::Conversation& after,
                           const std::vector<core::LogEvent>& log);
  void tell_queue(store::WriteTxn& txn, const core::Conversation& before, const core::Conversation& after,
                  const std::vector<core::LogEvent>& log);

  EventPublisher& events_;
  const ChannelDeliveries& channels_;
  ClockFn clock_;
  WebhookOutbox* webhooks_;
  EventLog log_;
  std::function<void(const QueueChange&)> queue_watcher_;
  std::function<void(const core::Message&, core::Channel)> message_observer_;
};

}  // namespace baton::app
