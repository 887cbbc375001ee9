// Outgoing webhooks' part of a store transaction (team operations §4.11): the endpoints and the
// durable outbox of their deliveries. ReadTxn and WriteTxn include it, so a delivery is written
// in the same transaction as the change it tells of, and nothing is lost to a kill -9.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/webhooks.hpp"

namespace baton::store {

class WebhookReadTxn {
 public:
  virtual ~WebhookReadTxn() = default;

  // Every endpoint, oldest first; the enabled ones only (what the conversation path reads).
  virtual std::vector<core::Webhook> webhooks() = 0;
  virtual std::vector<core::Webhook> enabled_webhooks() = 0;
  virtual std::optional<core::Webhook> webhook(const core::Id& id) = 0;

  virtual std::optional<core::WebhookDelivery> webhook_delivery(const core::Id& webhook_id,
                                                                const core::Id& delivery_id) = 0;
  // An endpoint's deliveries, newest first, at most `limit`, only those of `status` when given.
  virtual std::vector<core::WebhookDelivery> webhook_deliveries(const core::Id& webhook_id,
                                                                std::optional<core::WebhookDeliveryStatus> status,
                                                                int limit) = 0;
  // An endpoint's pending deliveries due at `now`, oldest first, at most `limit`.
  virtual std::vector<core::WebhookDelivery> due_webhook_deliveries(const core::Id& webhook_id, core::TimePoint now,
                                                                    int limit) = 0;
  // When the next pending delivery of an enabled endpoint falls due after `now`, if any.
  virtual std::optional<core::TimePoint> next_webhook_delivery_after(core::TimePoint now) = 0;
};

class WebhookWriteTxn : public virtual WebhookReadTxn {
 public:
  virtual void insert_webhook(const core::Webhook& webhook) = 0;
  // Everything but id, secret and created_at.
  virtual void update_webhook(const core::Webhook& webhook) = 0;
  // The endpoint and its deliveries; false when it was gone.
  virtual bool delete_webhook(const core::Id& id) = 0;

  virtual void insert_webhook_delivery(const core::WebhookDelivery& delivery) = 0;
  // Stores status, attempts, last_status_code, last_error, next_attempt_at and updated_at.
  virtual void update_webhook_delivery(const core::WebhookDelivery& delivery) = 0;
  // Several nodes: takes a pending delivery due at `now` for the caller until `until` (see
  // claim_line_task). False when another node took it first or it is no longer due.
  virtual bool claim_webhook_delivery(const core::Id& id, core::TimePoint now, core::TimePoint until) = 0;
  // Finished deliveries (ok or failed) last changed before `before`.
  virtual void forget_webhook_deliveries_before(core::TimePoint before) = 0;
};

}  // namespace baton::store
