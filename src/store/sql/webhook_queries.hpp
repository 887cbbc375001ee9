// The store queries for outgoing webhooks: the endpoints and the outbox of their deliveries.
// Definitions of SqlReadTxn/SqlWriteTxn members, included once per store where the class
// templates are instantiated for that store's connection type.
#pragma once

#include "core/time.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {
namespace detail {

inline constexpr std::string_view kWebhookColumns =
    "id, url, events, assistant_id, description, secret, enabled, disabled_reason, failing_since, timeout_seconds, "
    "created_at, updated_at";

template <class Row>
core::Webhook webhook_from(const Row& row) {
  core::Webhook webhook;
  webhook.id = row.text(0);
  webhook.url = row.text(1);
  webhook.events = split_ids(row.text(2));  // event type names hold no space either
  webhook.assistant_id = row.optional_text(3);
  webhook.description = row.text(4);
  webhook.secret = row.text(5);
  webhook.enabled = row.integer(6) != 0;
  webhook.disabled_reason = must(core::parse_webhook_disabled_reason(row.text(7)), "webhook disabled_reason");
  webhook.failing_since = optional_time_at(row, 8);
  webhook.timeout_seconds = static_cast<int>(row.integer(9));
  webhook.created_at = time_at(row, 10);
  webhook.updated_at = time_at(row, 11);
  return webhook;
}

template <class Statement>
std::vector<core::Webhook> webhooks_of(Statement& row) {
  std::vector<core::Webhook> webhooks;
  while (row.step()) webhooks.push_back(webhook_from(row));
  return webhooks;
}

inline constexpr std::string_view kDeliveryColumns =
    "id, webhook_id, event_id, event_type, payload, status, attempts, last_status_code, last_error, next_attempt_at, "
    "created_at, updated_at";

template <class Row>
core::WebhookDelivery delivery_from(const Row& row) {
  core::WebhookDelivery delivery;
  delivery.id = row.text(0);
  delivery.webhook_id = row.text(1);
  delivery.event_id = row.text(2);
  delivery.event_type = row.text(3);
  delivery.payload = row.text(4);
  delivery.status = must(core::parse_webhook_delivery_status(row.text(5)), "delivery status");
  delivery.attempts = static_cast<int>(row.integer(6));
  delivery.last_status_code = optional_count(row, 7);
  delivery.last_error = row.text(8);
  delivery.next_attempt_at = time_at(row, 9);
  delivery.created_at = time_at(row, 10);
  delivery.updated_at = time_at(row, 11);
  return delivery;
}

template <class Statement>
std::vector<core::WebhookDelivery> deliveries_of(Statement& row) {
  std::vector<core::WebhookDelivery> deliveries;
  while (row.step()) deliveries.push_back(delivery_from(row));
  return deliveries;
}

}  // namespace detail

template <class Db>
std::vector<core::Webhook> SqlReadTxn<Db>::webhooks() {
  auto row = this->db_.prepare(sql("SELECT ", detail::kWebhookColumns, " FROM webhooks ORDER BY created_at, id"));
  return detail::webhooks_of(row);
}

template <class Db>
std::vector<core::Webhook> SqlReadTxn<Db>::enabled_webhooks() {
  // Not locked: the conversation path reads it in every write, and a delivery written for an
  // endpoint deleted meanwhile goes with it (delete_webhook runs after, in commit order).
  auto row = this->db_.prepare(
      sql("SELECT ", detail::kWebhookColumns, " FROM webhooks WHERE enabled = ? ORDER BY created_at, id"));
  row.bind(1, std::int64_t{1});
  return detail::webhooks_of(row);
}

template <class Db>
std::optional<core::Webhook> SqlReadTxn<Db>::webhook(const core::Id& id) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kWebhookColumns, " FROM webhooks WHERE id = ?") +
                               this->row_lock("webhooks"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::webhook_from(row);
}

template <class Db>
std::optional<core::WebhookDelivery> SqlReadTxn<Db>::webhook_delivery(const core::Id& webhook_id,
                                                                      const core::Id& delivery_id) {
  auto row = this->db_.prepare(
      sql("SELECT ", detail::kDeliveryColumns, " FROM webhook_deliveries WHERE id = ? AND webhook_id = ?") +
      this->row_lock("webhook_deliveries"));
  row.bind(1, delivery_id).bind(2, webhook_id);
  if (!row.step()) return std::nullopt;
  return detail::delivery_from(row);
}

template <class Db>
std::vector<core::WebhookDelivery> SqlReadTxn<Db>::webhook_deliveries(const core::Id& webhook_id,
                                                                      std::optional<core::WebhookDeliveryStatus> status,
                                                                      int limit) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kDeliveryColumns,
                                   status ? " FROM webhook_deliveries WHERE webhook_id = ? AND status = ? "
                                            "ORDER BY created_at DESC, id DESC LIMIT ?"
                                          : " FROM webhook_deliveries WHERE webhook_id = ? "
                                            "ORDER BY created_at DESC, id DESC LIMIT ?"));
  row.bind(1, webhook_id);
  if (status) {
    row.bind(2, core::name_of(*status)).bind(3, static_cast<std::int64_t>(limit));
  } else {
    row.bind(2, static_cast<std::int64_t>(limit));
  }
  return detail::deliveries_of(row);
}

template <class Db>
std::vector<core::WebhookDelivery> SqlReadTxn<Db>::due_webhook_deliveries(const core::Id& webhook_id,
                                                                          core::TimePoint now, int limit) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kDeliveryColumns,
                                   " FROM webhook_deliveries WHERE webhook_id = ? AND status = 'pending' AND "
                                   "next_attempt_at <= ? ORDER BY created_at, id LIMIT ?"));
  row.bind(1, webhook_id).bind(2, core::format_time(now)).bind(3, static_cast<std::int64_t>(limit));
  return detail::deliveries_of(row);
}

template <class Db>
std::optional<core::TimePoint> SqlReadTxn<Db>::next_webhook_delivery_after(core::TimePoint now) {
  auto row = this->db_.prepare(
      "SELECT MIN(d.next_attempt_at) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
      "WHERE d.status = 'pending' AND d.next_attempt_at > ? AND w.enabled = ?");
  row.bind(1, core::format_time(now)).bind(2, std::int64_t{1});
  if (!row.step()) return std::nullopt;
  return optional_time_at(row, 0);
}

template <class Db>
void SqlWriteTxn<Db>::insert_webhook(const core::Webhook& w) {
  this->db_
      .prepare(
          "INSERT INTO webhooks (id, url, events, assistant_id, description, secret, enabled, disabled_reason, "
          "failing_since, timeout_seconds, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, w.id)
      .bind(2, w.url)
      .bind(3, join_ids(w.events))
      .bind(4, w.assistant_id)
      .bind(5, w.description)
      .bind(6, w.secret)
      .bind(7, std::int64_t{w.enabled})
      .bind(8, core::name_of(w.disabled_reason))
      .bind(9, optional_time_text(w.failing_since))
      .bind(10, std::int64_t{w.timeout_seconds})
      .bind(11, core::format_time(w.created_at))
      .bind(12, core::format_time(w.updated_at))
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::update_webhook(const core::Webhook& w) {
  this->db_
      .prepare(
          "UPDATE webhooks SET url = ?, events = ?, assistant_id = ?, description = ?, enabled = ?, "
          "disabled_reason = ?, failing_since = ?, timeout_seconds = ?, updated_at = ? WHERE id = ?")
      .bind(1, w.url)
      .bind(2, join_ids(w.events))
      .bind(3, w.assistant_id)
      .bind(4, w.description)
      .bind(5, std::int64_t{w.enabled})
      .bind(6, core::name_of(w.disabled_reason))
      .bind(7, optional_time_text(w.failing_since))
      .bind(8, std::int64_t{w.timeout_seconds})
      .bind(9, core::format_time(w.updated_at))
      .bind(10, w.id)
      .run();
}

template <class Db>
bool SqlWriteTxn<Db>::delete_webhook(const core::Id& id) {
  this->db_.prepare("DELETE FROM webhook_deliveries WHERE webhook_id = ?").bind(1, id).run();
  this->db_.prepare("DELETE FROM webhooks WHERE id = ?").bind(1, id).run();
  return this->db_.changes() > 0;
}

template <class Db>
void SqlWriteTxn<Db>::insert_webhook_delivery(const core::WebhookDelivery& d) {
  this->db_
      .prepare(
          "INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, "
          "last_status_code, last_error, next_attempt_at, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, d.id)
      .bind(2, d.webhook_id)
      .bind(3, d.event_id)
      .bind(4, d.event_type)
      .bind(5, d.payload)
      .bind(6, core::name_of(d.status))
      .bind(7, std::int64_t{d.attempts})
      .bind(8, optional_count_text(d.last_status_code))
      .bind(9, d.last_error)
      .bind(10, core::format_time(d.next_attempt_at))
      .bind(11, core::format_time(d.created_at))
      .bind(12, core::format_time(d.updated_at))
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::update_webhook_delivery(const core::WebhookDelivery& d) {
  this->db_
      .prepare(
          "UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status_code = ?, last_error = ?, "
          "next_attempt_at = ?, updated_at = ? WHERE id = ?")
      .bind(1, core::name_of(d.status))
      .bind(2, std::int64_t{d.attempts})
      .bind(3, optional_count_text(d.last_status_code))
      .bind(4, d.last_error)
      .bind(5, core::format_time(d.next_attempt_at))
      .bind(6, core::format_time(d.updated_at))
      .bind(7, d.id)
      .run();
}

template <class Db>
bool SqlWriteTxn<Db>::claim_webhook_delivery(const core::Id& id, core::TimePoint now, core::TimePoint until) {
  // A conditional update, as claim_line_task: a second node's waits, then finds it not due.
  this->db_
      .prepare(
          "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND "
          "next_attempt_at <= ?")
      .bind(1, core::format_time(until))
      .bind(2, id)
      .bind(3, core::format_time(now))
      .run();
  return this->db_.changes() == 1;
}

template <class Db>
void SqlWriteTxn<Db>::forget_webhook_deliveries_before(core::TimePoint before) {
  this->db_.prepare("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < ?")
      .bind(1, core::format_time(before))
      .run();
  // A delivery written in a transaction that read the endpoint just before its deletion committed.
  this->db_.prepare("DELETE FROM webhook_deliveries WHERE webhook_id NOT IN (SELECT id FROM webhooks)").run();
}

}  // namespace baton::store::sql
