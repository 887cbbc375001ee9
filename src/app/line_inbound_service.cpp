#include "app/line_inbound_service.hpp"

#include <spdlog/spdlog.h>

#include "app/ids.hpp"
#include "core/handoff_detector.hpp"
#include "core/time.hpp"

namespace baton::app {
namespace {

// Until the profile arrives: "LINE user 4f2a" (the end of the LINE user id).
std::string provisional_name(const std::string& user_id) {
  return "LINE user " + user_id.substr(user_id.size() > 4 ? user_id.size() - 4 : 0);
}

}  // namespace

LineInboundService::LineInboundService(store::Store& store, ConversationSteps& steps, AiReplies& ai_replies,
                                       PresenceService& presence, LineOutbox& outbox, ClockFn clock,
                                       core::RatePolicy customer_rate)
    : store_(store),
      steps_(steps),
      ai_replies_(ai_replies),
      presence_(presence),
      outbox_(outbox),
      clock_(clock),
      customer_limiter_(customer_rate, clock) {}

asio::awaitable<core::Result<LineReceipt>> LineInboundService::receive(core::Id assistant_id,
                                                                       std::vector<LineEvent> events) {
  const bool agents_available = presence_.on_duty(assistant_id) > 0;
  // A replayed body: signed, but past the days its event ids are remembered.
  int too_old = 0;
  std::erase_if(events, [&](const LineEvent& event) {
    if (!core::line_event_too_old(event.timestamp, clock_())) return false;
    spdlog::warn("event=line_event_too_old assistant={} webhook_event_id={} timestamp={}", assistant_id,
                 event.webhook_event_id, core::format_time(event.timestamp));
    ++too_old;
    return true;
  });
  // LINE cannot be told 429: past the customer's rate, a text is kept for the agents but sets
  // nothing off (no AI answer, no handoff).
  std::vector<bool> within_rate(events.size(), true);
  // Judged here, before the write: the detector must not hold the store's writer.
  std::vector<bool> asks_for_person(events.size(), false);
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind != LineEvent::Kind::text) continue;
    std::string sender = assistant_id + "|" + events[i].user_id;  // named: see app/async.hpp on g++ 12
    within_rate[i] = co_await customer_limiter_.take_or_wait_shared(std::move(sender)) == 0;
    asks_for_person[i] = core::is_handoff_request(events[i].text);
  }
  auto apply = [this, assistant_id, events = std::move(events), within_rate = std::move(within_rate),
                asks_for_person = std::move(asks_for_person), agents_available,
                too_old](store::WriteTxn& txn) -> core::Result<LineReceipt> {
    auto assistant = txn.assistant(assistant_id);
    if (!assistant) return core::fail(core::ErrorCode::not_found, "no such assistant");
    LineReceipt receipt;
    receipt.too_old = too_old;
    const auto now = clock_();
    for (std::size_t i = 0; i < events.size(); ++i) {
      auto handled = handle(txn, *assistant, events[i], {agents_available, within_rate[i], asks_for_person[i]}, now);
      if (!handled) return tl::unexpected(handled.error());
      ++(*handled ? receipt.handled : receipt.redeliveries);
    }
    return receipt;
  };
  co_return co_await commit<LineReceipt>(store_, std::move(apply));
}

core::LineContact LineInboundService::contact_for(store::WriteTxn& txn, const core::Assistant& assistant,
                                                  const LineEvent& event, core::TimePoint now) {
  // Locks in the global order, conversation before contact, as every other write that takes
  // both (an agent's reply, a profile fetched): the opposite order deadlocked with them.
  if (auto conversation_id = txn.line_conversation_of(assistant.id, event.user_id)) txn.conversation(*conversation_id);
  auto contact = txn.line_contact(assistant.id, event.user_id);
  const bool first_contact = !contact;
  if (first_contact) {
    core::Conversation conversation;
    conversation.id = new_id("conv");
    conversation.assistant_id = assistant.id;
    conversation.channel = core::Channel::line;
    conversation.status = core::Status::ai;
    conversation.contact =
        core::Contact{new_id("contact"), provisional_name(event.user_id), std::nullopt, std::nullopt};
    conversation.created_at = conversation.updated_at = now;
    steps_.start(txn, conversation);
    contact = core::LineContact{assistant.id, event.user_id, conversation.id, true, std::nullopt, std::nullopt,
                                now,          now,           std::nullopt,    {}};
  }
  if (event.kind == LineEvent::Kind::follow) contact->following = true;
  if (event.kind == LineEvent::Kind::unfollow) contact->following = false;
  if (event.reply_token) {
    contact->reply_token = event.reply_token;
    contact->reply_token_at = now;
  }
  // The newest message's token marks every earlier one read: only the newest is kept.
  if (event.mark_as_read_token) contact->read_token = event.mark_as_read_token;
  contact->updated_at = now;
  if (first_contact) {
    txn.insert_line_contact(*contact);
  } else {
    txn.upsert_line_contact(*contact);
  }
  // The name and picture: on first contact, and again when a customer comes back.
  if (first_contact || event.kind == LineEvent::Kind::follow) outbox_.queue(txn, core::LineTaskKind::profile, *contact);
  return *contact;
}

core::Result<bool> LineInboundService::handle(store::WriteTxn& txn, const core::Assistant& assistant,
                                              const LineEvent& event, const Judged& judged, core::TimePoint now) {
  const bool agents_available = judged.agents_available;
  if (!txn.insert_line_event(event.webhook_event_id, assistant.id, now)) return false;
  // Someone who blocks the account before ever writing leaves nothing to show.
  if (event.kind == LineEvent::Kind::unfollow && !txn.line_conversation_of(assistant.id, event.user_id)) return true;
  const auto contact = contact_for(txn, assistant, event, now);
  const auto conversation = *txn.conversation(contact.conversation_id);
  switch (event.kind) {
    case LineEvent::Kind::text: {
      auto message = steps_.new_message(conversation.id, core::Sender::customer, event.text);
      auto accepted = steps_.accept_customer_message(
          txn, conversation, assistant, std::move(message),
          CustomerMessageOptions{
              agents_available,
              judged.within_rate ? core::MessageReach::sets_off_replies : core::MessageReach::kept_for_agents,
              judged.asks_for_person});
      if (!accepted) return tl::unexpected(accepted.error());
      if (accepted->ai_should_answer()) {
        outbox_.show_loading(txn, contact);  // the dots while the AI thinks
        ai_replies_.answer_after_commit(txn, assistant, accepted->message);
      }
      break;
    }
    case LineEvent::Kind::media: {
      auto message = steps_.new_message(conversation.id, core::Sender::customer, event.text);
      std::optional<core::Attachment> attachment;
      if (event.attachment_kind) {
        attachment = core::Attachment{new_id("att"),
                                      conversation.id,
                                      message.id,
                                      *event.attachment_kind,
                                      event.source_id,
                                      event.file_name,
                                      "",
                                      event.file_size,
                                      core::AttachmentStatus::pending,
                                      now};
        message.attachment = attachment;
      }
      // Only stored: the AI does not read photos or stickers; an agent sees them.
      auto stored =
          steps_.accept_customer_message(txn, conversation, assistant, std::move(message),
                                         CustomerMessageOptions{agents_available, core::MessageReach::kept_for_agents});
      if (!stored) return tl::unexpected(stored.error());
      if (attachment) {
        txn.insert_attachment(*attachment);
        outbox_.queue(txn, core::LineTaskKind::content, contact, attachment->id);
      }
      break;
    }
    case LineEvent::Kind::follow:
      if (!assistant.greeting.empty()) {
        steps_.append(txn, conversation, steps_.new_message(conversation.id, core::Sender::ai, assistant.greeting));
      }
      break;
    case LineEvent::Kind::unfollow:
      steps_.announce(txn, conversation, assistant, core::SystemEvent::customer_unfollowed);
      break;
    case LineEvent::Kind::live_agent: {
      auto moved =
          steps_.accept_handoff_request(txn, conversation, assistant, core::HandoffReason::button, agents_available);
      if (!moved && moved.error().code == core::ErrorCode::live_agent_disabled) {
        steps_.announce(txn, conversation, assistant, core::SystemEvent::live_agent_disabled);
      } else if (!moved) {
        return tl::unexpected(moved.error());
      }
      break;
    }
    case LineEvent::Kind::csat: {
      // A second answer, a late one or one to another's survey changes nothing (LINE shows the
      // tapped answer as the customer's own words either way).
      auto rated = steps_.rate_survey(txn, conversation.id, event.survey_id, core::Rating{event.score, std::nullopt});
      if (!rated) spdlog::info("event=line_csat_ignored survey={} reason={}", event.survey_id, rated.error().message);
      break;
    }
  }
  return true;
}

}  // namespace baton::app
