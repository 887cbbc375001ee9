#include "app/conversation_steps.hpp"

#include "app/ids.hpp"
#include "core/handoff_detector.hpp"
#include "core/notices.hpp"

namespace baton::app {

ConversationSteps::ConversationSteps(EventPublisher& events, const ChannelDeliveries& channels, ClockFn clock)
    : events_(events), channels_(channels), clock_(std::move(clock)), log_(clock_) {}

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
  txn.after_commit([this, stored] { events_.message_created(stored); });
  return stored;
}

core::Message ConversationSteps::announce(store::WriteTxn& txn, const core::Conversation& conversation,
                                          const core::Assistant& assistant, core::SystemEvent event) {
  return announce_text(txn, conversation, event, core::notice_text(event, assistant));
}

core::Message ConversationSteps::announce_text(store::WriteTxn& txn, const core::Conversation& conversation,
                                               core::SystemEvent event, std::string text) {
  auto notice = new_message(conversation.id, core::Sender::system, std::move(text));
  notice.event = event;
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
    if (place_in_notice && notice == core::SystemEvent::handoff_requested) {
      const int place = txn.queue_position(next.assistant_id, *next.handoff_requested_at, next.id);
      announce_text(txn, before, notice, core::handoff_notice_with_place(place));
    } else {
      announce(txn, before, assistant, notice);
    }
  }
  auto after = *txn.conversation(before.id);
  for (const auto& event : transition->log) log_.record(txn, after, event);
  const bool handoff = before.status != core::Status::waiting && after.status == core::Status::waiting;
  txn.after_commit([this, after, handoff] {
    events_.conversation_updated(after);
    if (handoff) events_.handoff_requested(after);
  });
  return after;
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
  const bool asks_for_person =
      options.reach == core::MessageReach::sets_off_replies && core::is_handoff_request(message.text);
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
