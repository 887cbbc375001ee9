#include "app/conversation_steps.hpp"

#include <algorithm>

#include "app/ids.hpp"
#include "app/webhook_outbox.hpp"
#include "core/notices.hpp"

namespace baton::app {

ConversationSteps::ConversationSteps(EventPublisher& events, const ChannelDeliveries& channels, ClockFn clock,
                                     WebhookOutbox* webhooks)
    : events_(events), channels_(channels), clock_(std::move(clock)), webhooks_(webhooks), log_(clock_, webhooks) {}

void ConversationSteps::start(store::WriteTxn& txn, const core::Conversation& conversation) {
  txn.insert_conversation(conversation);
  if (webhooks_) webhooks_->conversation_created(txn, conversation);
}

core::Message ConversationSteps::new_message(const core::Id& conversation_id, core::Sender sender,
                                             std::string text) const {
  core::Message message;
  message.id = new_id("msg");
  message.conversation_id = conversation_id;
  message.sender = sender;
  message.text = std::move(text);
  message.created_at = clock_();
  return message;
}

core::Message ConversationSteps::append(store::WriteTxn& txn, const core::Conversation& conversation,
                                        core::Message message) {
  auto stored = txn.append_message(std::move(message));
  if (stored.sender == core::Sender::agent) log_.agent_message(txn, conversation, stored);
  if (auto* channel = channels_.of(conversation.channel)) channel->on_stored(txn, conversation, stored);
  if (webhooks_) webhooks_->message_created(txn, conversation, stored);
  if (auto* followup = channels_.followup_of(conversation.channel)) followup->on_stored(txn, conversation, stored);
  txn.after_commit([this, stored, channel = conversation.channel] {
    events_.message_created(stored);
    if (message_observer_) message_observer_(stored, channel);
  });
  return stored;
}

core::Message ConversationSteps::announce(store::WriteTxn& txn, const core::Conversation& conversation,
                                          const core::Assistant& assistant, core::SystemEvent event,
                                          std::optional<core::Id> agent_id) {
  auto details = core::notice_details(event, assistant, clock_());
  return announce_with(txn, conversation, assistant, event, std::move(details), std::move(agent_id));
}

core::Message ConversationSteps::announce_with(store::WriteTxn& txn, const core::Conversation& conversation,
                                               const core::Assistant& assistant, core::SystemEvent event,
                                               core::NoticeDetails details, std::optional<core::Id> agent_id) {
  auto notice = new_message(conversation.id, core::Sender::system, {});
  notice.event = event;
  notice.notice = std::move(details);
  notice.agent_id = std::move(agent_id);  // who joined: the customer sees their name
  notice.text = core::stored_notice_text(notice, assistant);
  return append(txn, conversation, std::move(notice));
}

core::Result<core::Conversation> ConversationSteps::apply_transition(store::WriteTxn& txn,
                                                                     const core::Conversation& before,
                                                                     const core::Assistant& assistant,
                                                                     const Rule& rule) {
  auto transition = rule(before, assistant);
  if (!transition) return tl::unexpected(transition.error());
  if (!transition->changed) return transition->conversation;
  txn.update_conversation(transition->conversation);
  const auto& next = transition->conversation;
  // A customer reached through a channel's outbox (LINE) has no socket to hear their place as it
  // changes (team operations §4.3): a ranked request hears it once, in the handoff notice.
  const bool place_in_notice = channels_.of(next.channel) && core::ranked_in_queue(next);
  for (auto notice : transition->notices) {
    auto details = core::notice_details(notice, assistant, clock_());
    if (place_in_notice && notice == core::SystemEvent::handoff_requested) {
      details.queue_position = txn.queue_position(next.assistant_id, *next.handoff_requested_at, next.id);
    }
    // An agent joining or reopening is named (a transfer shows the new agent's name).
    const bool names_agent = notice == core::SystemEvent::agent_joined || notice == core::SystemEvent::reactivated;
    announce_with(txn, before, assistant, notice, std::move(details),
                  names_agent ? next.assigned_agent_id : std::nullopt);
  }
  auto after = *txn.conversation(before.id);
  for (const auto& event : transition->log) log_.record(txn, after, event, assistant.business_hours);
  // In auto mode Baton assigns: no popup for every member to race for.
  const bool popup = before.status != core::Status::waiting && after.status == core::Status::waiting &&
                     assistant.routing.mode == core::RoutingMode::manual;
  txn.after_commit([this, after, popup] {
    events_.conversation_updated(after);
    if (popup) events_.handoff_requested(after);
  });
  announce_assignment(txn, before, after, transition->log);
  tell_queue(txn, before, after, transition->log);
  return after;
}

void ConversationSteps::announce_assignment(store::WriteTxn& txn, const core::Conversation& before,
                                            const core::Conversation& after, const std::vector<core::LogEvent>& log) {
  const auto assigned = std::find_if(log.begin(), log.end(),
                                     [](const core::LogEvent& e) { return e.type == core::LogEventType::assigned; });
  if (assigned == log.end() || !after.assigned_agent_id) return;
  txn.mark_assigned(*after.assigned_agent_id, clock_());  // the pick's tie-break, for every way in
  std::optional<std::string> note;
  for (const auto& event : log) {
    if (event.type == core::LogEventType::transferred) note = event.note;
  }
  txn.after_commit([this, after, previous = before.assigned_agent_id, by = assigned->by, note] {
    events_.conversation_assigned(after, *after.assigned_agent_id, previous, by, note);
  });
}

void ConversationSteps::tell_queue(store::WriteTxn& txn, const core::Conversation& before,
                                   const core::Conversation& after, const std::vector<core::LogEvent>& log) {
  if (!queue_watcher_) return;
  QueueChange change{after.assistant_id, after.id};
  change.waiting = after.status == core::Status::waiting && before.status != core::Status::waiting;
  change.capacity_freed = before.status == core::Status::live &&
                          (after.status != core::Status::live || after.assigned_agent_id != before.assigned_agent_id);
  if (!change.waiting && !change.capacity_freed) return;
  for (const auto& event : log) {
    if (event.type == core::LogEventType::transferred && after.status == core::Status::waiting) {
      change.handed_back_by = before.assigned_agent_id;
    }
  }
  txn.after_commit([this, change] { queue_watcher_(change); });
}

core::Result<core::Conversation> ConversationSteps::accept_handoff_request(store::WriteTxn& txn,
                                                                           const core::Conversation& conversation,
                                                                           const core::Assistant& assistant,
                                                                           core::HandoffReason reason,
                                                                           bool agents_available) {
  return apply_transition(txn, conversation, assistant, [&](const core::Conversation& c, const core::Assistant& a) {
    return core::request_handoff(c, a, reason, agents_available, clock_());
  });
}

core::Result<AcceptedMessage> ConversationSteps::accept_customer_message(store::WriteTxn& txn,
                                                                         const core::Conversation& conversation,
                                                                         const core::Assistant& assistant,
                                                                         core::Message message,
                                                                         CustomerMessageOptions options) {
  const bool asks_for_person = options.reach == core::MessageReach::sets_off_replies && options.asks_for_person;
  const auto outcome = core::customer_message_outcome(conversation, assistant, asks_for_person, options.reach);
  AcceptedMessage accepted{append(txn, conversation, std::move(message)), outcome};
  switch (outcome) {
    case core::CustomerMessageOutcome::handoff: {
      auto moved =
          accept_handoff_request(txn, conversation, assistant, core::HandoffReason::phrase, options.agents_available);
      if (!moved) return tl::unexpected(moved.error());
      break;
    }
    case core::CustomerMessageOutcome::live_agent_disabled:
      announce(txn, conversation, assistant, core::SystemEvent::live_agent_disabled);
      break;
    case core::CustomerMessageOutcome::ai_answers:
    case core::CustomerMessageOutcome::for_agents:
      break;
  }
  return accepted;
}

}  // namespace baton::app
