#include "app/webhook_outbox.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>

#include "app/ids.hpp"
#include "app/wire_format.hpp"
#include "core/names.hpp"
#include "core/time.hpp"

namespace baton::app {
namespace json = boost::json;

namespace {

// How many of the newest messages are searched for the customer's left message.
constexpr int kOfflineMessageLookback = 8;

const json::value* field(const json::object& data, std::string_view name) {
  const auto* value = data.if_contains(name);
  return value && !value->is_null() ? value : nullptr;
}

std::optional<std::string> string_field(const json::object& data, std::string_view name) {
  const auto* value = field(data, name);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

// What a log event adds to its webhook's data: who acted, the agent now holding the
// conversation, who held it before, why, the rating.
void add_event_details(store::WriteTxn& txn, const core::ConversationEvent& event, json::object& out) {
  json::error_code error;
  auto parsed = json::parse(event.data, error);
  const json::object empty;
  const json::object& data = !error && parsed.is_object() ? parsed.as_object() : empty;
  out["seq"] = event.seq;
  json::object actor{{"type", core::name_of(event.actor)}};
  if (event.actor_id) actor["id"] = *event.actor_id;
  out["actor"] = std::move(actor);

  std::optional<std::string> agent_id;
  std::optional<std::string> previous_agent_id;
  switch (event.type) {
    case core::LogEventType::assigned:
      agent_id = string_field(data, "agent_id");
      previous_agent_id = string_field(data, "previous_agent_id");
      if (auto by = string_field(data, "by")) out["assigned_by"] = *by;
      break;
    case core::LogEventType::transferred:
      agent_id = string_field(data, "to_agent_id");  // none: back to the queue
      previous_agent_id = string_field(data, "from_agent_id");
      break;
    case core::LogEventType::requeued:
      previous_agent_id = string_field(data, "agent_id");
      if (auto reason = string_field(data, "reason")) out["reason"] = *reason;
      break;
    case core::LogEventType::abandoned:
      if (auto reason = string_field(data, "reason")) out["reason"] = *reason;
      break;
    case core::LogEventType::done:
    case core::LogEventType::reactivated:
      agent_id = string_field(data, "agent_id");
      break;
    case core::LogEventType::csat_submitted: {
      json::object csat;
      if (const auto* score = field(data, "score")) csat["score"] = *score;
      if (auto survey = string_field(data, "survey_id")) csat["survey_id"] = *survey;
      if (auto rated = string_field(data, "rated_episode_id")) csat["rated_episode_id"] = *rated;
      out["csat"] = std::move(csat);
      break;
    }
    case core::LogEventType::handoff_requested:
    case core::LogEventType::offline_message:
    case core::LogEventType::agent_message_first:
    case core::LogEventType::labels_changed:
    case core::LogEventType::csat_requested:
      break;
  }
  if (agent_id) {
    if (auto agent = txn.agent(*agent_id)) out["agent"] = to_json(*agent);
  }
  if (previous_agent_id) out["previous_agent_id"] = *previous_agent_id;
}

// The customer's words of an offline request: their newest message.
std::optional<core::Message> left_message(store::WriteTxn& txn, const core::Conversation& conversation) {
  const auto recent = txn.messages_before(conversation.id, conversation.last_seq + 1, kOfflineMessageLookback);
  for (auto message = recent.rbegin(); message != recent.rend(); ++message) {
    if (message->sender == core::Sender::customer) return *message;
  }
  return std::nullopt;
}

}  // namespace

void WebhookOutbox::conversation_created(store::WriteTxn& txn, const core::Conversation& conversation) {
  constexpr std::string_view kType = "conversation.created";
  const auto endpoints = wanting(txn, kType, conversation.assistant_id);
  if (endpoints.empty()) return;
  queue(txn, endpoints, kType, json::object{{"conversation", to_json(conversation)}});
}

void WebhookOutbox::message_created(store::WriteTxn& txn, const core::Conversation& conversation,
                                    const core::Message& message) {
  constexpr std::string_view kType = "message.created";
  const auto endpoints = wanting(txn, kType, conversation.assistant_id);
  if (endpoints.empty()) return;
  // As stored with this message (its last_seq, last_message and version), not as the caller
  // read it before.
  const auto current = txn.conversation(conversation.id);
  json::object data{{"conversation", to_json(current.value_or(conversation))}, {"message", to_json(message)}};
  queue(txn, endpoints, kType, std::move(data));
}

void WebhookOutbox::event_recorded(store::WriteTxn& txn, const core::Conversation& conversation,
                                   const core::ConversationEvent& event) {
  const auto type = core::webhook_type_of(event.type);
  if (!type) return;
  const auto endpoints = wanting(txn, *type, conversation.assistant_id);
  if (endpoints.empty()) return;
  json::object data{{"conversation", to_json(conversation)}};
  add_event_details(txn, event, data);
  if (event.type == core::LogEventType::offline_message) {
    if (auto message = left_message(txn, conversation)) data["message"] = to_json(*message);
  }
  queue(txn, endpoints, *type, std::move(data));
}

core::WebhookDelivery WebhookOutbox::ping(store::WriteTxn& txn, const core::Webhook& webhook) {
  return queue(txn, {webhook}, "ping", json::object{{"webhook_id", webhook.id}}).front();
}

std::vector<core::Webhook> WebhookOutbox::wanting(store::WriteTxn& txn, std::string_view type,
                                                  const core::Id& assistant_id) const {
  auto endpoints = txn.enabled_webhooks();
  std::erase_if(endpoints,
                [&](const core::Webhook& webhook) { return !core::subscribes(webhook, type, assistant_id); });
  return endpoints;
}

std::vector<core::WebhookDelivery> WebhookOutbox::queue(store::WriteTxn& txn,
                                                        const std::vector<core::Webhook>& endpoints,
                                                        std::string_view type, json::object data) {
  const auto now = clock_();
  const auto event_id = new_id("msg");
  const auto payload = json::serialize(json::object{
      {"id", event_id}, {"type", type}, {"created_at", core::format_time(now)}, {"data", std::move(data)}});
  std::vector<core::WebhookDelivery> queued;
  for (const auto& webhook : endpoints) {
    core::WebhookDelivery delivery;
    delivery.id = delivery_id(now);
    delivery.webhook_id = webhook.id;
    delivery.event_id = event_id;
    delivery.event_type = std::string(type);
    delivery.payload = payload;
    delivery.next_attempt_at = delivery.created_at = delivery.updated_at = now;
    txn.insert_webhook_delivery(delivery);
    queued.push_back(std::move(delivery));
  }
  ring_after_commit(txn);
  return queued;
}

std::string WebhookOutbox::delivery_id(core::TimePoint now) {
  std::uint32_t count = 0;
  {
    std::lock_guard lock(mutex_);
    count = counter_++;
  }
  // Milliseconds, then a counter for those made in the same one, then randomness for other nodes.
  char ordered[32];
  std::snprintf(ordered, sizeof ordered, "%013lld%08x", static_cast<long long>(now.time_since_epoch().count()),
                static_cast<unsigned>(count));
  return "whd_" + std::string(ordered) + new_id("").substr(1, 8);
}

void WebhookOutbox::on_queued(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

void WebhookOutbox::tell_other_nodes(std::function<void()> nudge) {
  std::lock_guard lock(mutex_);
  nudge_ = std::move(nudge);
}

void WebhookOutbox::ring() {
  std::lock_guard lock(mutex_);
  if (wake_) wake_();
  if (nudge_) nudge_();
}

void WebhookOutbox::ring_after_commit(store::WriteTxn& txn) {
  txn.after_commit([this] { ring(); });
}

}  // namespace baton::app
