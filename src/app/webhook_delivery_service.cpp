#include "app/webhook_delivery_service.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "core/time.hpp"
#include "store/commit_and_wait.hpp"

namespace baton::app {
namespace {

double jitter() { return randombytes_uniform(1001) / 1000.0; }

// What a try may take beyond its timeout (resolving the name, storing the outcome).
constexpr std::chrono::seconds kTryAllowance{15};

}  // namespace

std::vector<core::Webhook> WebhookDeliveryService::endpoints() { return store_.begin_read()->enabled_webhooks(); }

std::vector<WebhookWork> WebhookDeliveryService::due(const core::Webhook& webhook, int limit) {
  std::vector<WebhookWork> work;
  for (auto& delivery : store_.begin_read()->due_webhook_deliveries(webhook.id, clock_(), limit)) {
    work.push_back(WebhookWork{std::move(delivery), webhook});
  }
  return work;
}

std::vector<WebhookWork> WebhookDeliveryService::claim(std::vector<WebhookWork> work) {
  if (work.empty() || !lease_) return work;
  std::vector<WebhookWork> taken;
  const auto now = clock_();
  const auto lease = *lease_;
  // commit_and_wait waits for the job: it may refer to this frame.
  const bool stored = store::commit_and_wait(store_, [&work, &taken, now, lease](store::WriteTxn& txn) {
    taken.clear();  // a job may run again (a retried transaction)
    for (const auto& item : work) {
      // Held past the try's own timeout, so that no other node starts it while it may still run.
      const auto until = now + std::max<std::chrono::seconds>(
                                   lease, kTryAllowance + std::chrono::seconds(item.webhook.timeout_seconds));
      if (txn.claim_webhook_delivery(item.delivery.id, now, until)) taken.push_back(item);
    }
    return true;
  });
  if (!stored) return {};
  return taken;
}

void WebhookDeliveryService::release(const WebhookWork& work) {
  if (!lease_) return;
  const auto now = clock_();
  store::commit_and_wait(store_, [&work, now](store::WriteTxn& txn) {
    if (auto delivery = txn.webhook_delivery(work.webhook.id, work.delivery.id);
        delivery && delivery->status == core::WebhookDeliveryStatus::pending) {
      delivery->next_attempt_at = now;
      txn.update_webhook_delivery(*delivery);
    }
    return true;
  });
}

std::optional<core::TimePoint> WebhookDeliveryService::next_due_after(core::TimePoint now) {
  return store_.begin_read()->next_webhook_delivery_after(now);
}

void WebhookDeliveryService::forget_old() {
  const auto before = clock_() - core::kFinishedDeliveriesKept;
  store::commit_and_wait(store_, [before](store::WriteTxn& txn) {
    txn.forget_webhook_deliveries_before(before);
    return true;
  });
}

void WebhookDeliveryService::record(const WebhookWork& work, const WebhookAttempt& attempt,
                                    std::function<void(bool durable)> done) {
  auto apply_outcome = [this, work, attempt](store::WriteTxn& txn) {
    apply(txn, work, attempt);
    return true;
  };
  auto report = [id = work.delivery.id, done = std::move(done)](bool durable) {
    if (!durable) spdlog::error("event=webhook_record_failed delivery={}", id);
    done(durable);
  };
  store_.submit(store::WriteJob{std::move(apply_outcome), std::move(report)});
}

void WebhookDeliveryService::apply(store::WriteTxn& txn, const WebhookWork& work, const WebhookAttempt& attempt) {
  // As stored now: an admin may have deleted the endpoint, or sent the delivery again, meanwhile.
  auto webhook = txn.webhook(work.webhook.id);
  auto delivery = txn.webhook_delivery(work.webhook.id, work.delivery.id);
  if (!webhook || !delivery) return;
  const auto now = clock_();
  const auto before = *webhook;
  core::record_try(*delivery, *webhook, attempt, now, jitter());
  switch (delivery->status) {
    case core::WebhookDeliveryStatus::pending:
      spdlog::info("event=webhook_retry delivery={} webhook={} attempt={} error=\"{}\"", delivery->id, webhook->id,
                   delivery->attempts, delivery->last_error);
      break;
    case core::WebhookDeliveryStatus::failed:
      spdlog::warn("event=webhook_failed delivery={} webhook={} attempts={} error=\"{}\"", delivery->id, webhook->id,
                   delivery->attempts, delivery->last_error);
      break;
    case core::WebhookDeliveryStatus::ok:
      break;
  }
  txn.update_webhook_delivery(*delivery);
  if (attempt_observer_) {
    txn.after_commit([observer = &attempt_observer_, status = delivery->status] { (*observer)(status); });
  }
  if (webhook->failing_since != before.failing_since || webhook->enabled != before.enabled) {
    if (before.enabled && !webhook->enabled) {
      spdlog::warn("event=webhook_disabled webhook={} reason={}", webhook->id, core::name_of(webhook->disabled_reason));
    }
    webhook->updated_at = now;
    txn.update_webhook(*webhook);
  }
}

}  // namespace baton::app
