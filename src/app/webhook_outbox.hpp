// Queues outgoing webhooks (team operations §4.11) in the same transaction as the change they
// tell of, one delivery per endpoint that wants it, so nothing is lost to a crash and the
// conversation path never waits on a receiver; the delivery worker (channels/webhook) is woken
// after the commit and sends them. Payloads are rendered here, when the event happens, with the
// REST API's shapes for the conversation and the message.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <mutex>
#include <string_view>
#include <vector>

#include "app/presence_service.hpp"  // ClockFn
#include "core/webhooks.hpp"
#include "store/store.hpp"

namespace baton::app {

class WebhookOutbox {
 public:
  explicit WebhookOutbox(ClockFn clock) : clock_(std::move(clock)) {}

  // Inside the write job of the change (each reads the enabled endpoints; nothing is written when
  // none wants the event):
  void conversation_created(store::WriteTxn& txn, const core::Conversation& conversation);
  // Any message the customer can see or wrote (never a note: notes are not messages).
  void message_created(store::WriteTxn& txn, const core::Conversation& conversation, const core::Message& message);
  // A conversation log event just appended; `conversation` as stored after its change.
  void event_recorded(store::WriteTxn& txn, const core::Conversation& conversation,
                      const core::ConversationEvent& event);
  // A ping to one endpoint, whatever it subscribes to (its test).
  core::WebhookDelivery ping(store::WriteTxn& txn, const core::Webhook& webhook);

  // The worker's bell, rung after every commit that queued something (and by hand, when held
  // deliveries may go: an endpoint turned back on, a delivery sent again).
  void on_queued(std::function<void()> wake);
  void ring();
  // Several nodes: the other nodes' workers are woken too (through the bus).
  void tell_other_nodes(std::function<void()> nudge);

 private:
  // The endpoints that want `type` of the conversation's assistant.
  std::vector<core::Webhook> wanting(store::WriteTxn& txn, std::string_view type, const core::Id& assistant_id) const;
  // Renders {id, type, created_at, data} once and writes a delivery for each endpoint.
  std::vector<core::WebhookDelivery> queue(store::WriteTxn& txn, const std::vector<core::Webhook>& endpoints,
                                           std::string_view type, boost::json::object data);
  // An id that sorts in creation order (the worker sends each endpoint's oldest first).
  std::string delivery_id(core::TimePoint now);
  void ring_after_commit(store::WriteTxn& txn);

  ClockFn clock_;
  std::mutex mutex_;
  std::uint32_t counter_ = 0;
  std::function<void()> wake_;
  std::function<void()> nudge_;
};

}  // namespace baton::app
