#include "app/webhook_service.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cstring>

#include "app/ids.hpp"

namespace baton::app {
namespace {

core::Result<void> admins_only(const core::Actor& actor) {
  if (actor.role != core::Role::admin) return core::fail(core::ErrorCode::forbidden, "only an admin manages webhooks");
  return {};
}

core::Error no_webhook() { return core::Error{core::ErrorCode::not_found, "no such webhook"}; }

core::Result<int> checked_timeout(std::optional<int> seconds) {
  const int value = seconds.value_or(core::kDefaultWebhookTimeoutSeconds);
  if (value < core::kMinWebhookTimeoutSeconds || value > core::kMaxWebhookTimeoutSeconds) {
    return core::fail(core::ErrorCode::invalid_field, "timeout_seconds must be 1 to 30");
  }
  return value;
}

// The assistant an endpoint is limited to must exist.
core::Result<void> known_assistant(store::ReadTxn& txn, const std::optional<core::Id>& assistant_id) {
  if (assistant_id && !txn.assistant(*assistant_id)) {
    return core::fail(core::ErrorCode::invalid_field, "assistant_id: no such assistant");
  }
  return {};
}

}  // namespace

std::string new_webhook_secret() {
  std::array<unsigned char, 32> key{};
  randombytes_buf(key.data(), key.size());
  std::string encoded(sodium_base64_ENCODED_LEN(key.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(std::strlen(encoded.c_str()));
  return "whsec_" + encoded;
}

asio::awaitable<core::Result<std::string>> WebhookService::checked_url(std::string raw) {
  auto url = core::validate_webhook_url(raw);
  if (!url) co_return url;
  auto check = [this, url = *url] { return check_url_(url); };
  auto allowed = co_await offload(pool_, std::move(check));
  if (!allowed) co_return tl::unexpected(allowed.error());
  co_return url;
}

asio::awaitable<core::Result<std::vector<core::Webhook>>> WebhookService::list(core::Actor admin) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  auto read_all = [](store::ReadTxn& txn) -> core::Result<std::vector<core::Webhook>> { return txn.webhooks(); };
  co_return co_await read(store_, pool_, std::move(read_all));
}

asio::awaitable<core::Result<core::Webhook>> WebhookService::get(core::Actor admin, core::Id id) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  auto read_one = [id](store::ReadTxn& txn) -> core::Result<core::Webhook> {
    auto webhook = txn.webhook(id);
    if (!webhook) return tl::unexpected(no_webhook());
    return *webhook;
  };
  co_return co_await read(store_, pool_, std::move(read_one));
}

asio::awaitable<core::Result<core::Webhook>> WebhookService::create(core::Actor admin, WebhookInput input) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  auto events = core::validate_webhook_events(input.events);
  if (!events) co_return tl::unexpected(events.error());
  auto description = core::validate_webhook_description(input.description);
  if (!description) co_return tl::unexpected(description.error());
  auto timeout = checked_timeout(input.timeout_seconds);
  if (!timeout) co_return tl::unexpected(timeout.error());
  auto url = co_await checked_url(std::move(input.url));
  if (!url) co_return tl::unexpected(url.error());
  core::Webhook webhook;
  webhook.id = new_id("wh");
  webhook.url = std::move(*url);
  webhook.events = std::move(*events);
  webhook.assistant_id = std::move(input.assistant_id);
  webhook.description = std::move(*description);
  webhook.secret = new_webhook_secret();
  webhook.timeout_seconds = *timeout;
  webhook.created_at = webhook.updated_at = clock_();
  auto apply = [webhook](store::WriteTxn& txn) -> core::Result<core::Webhook> {
    if (auto known = known_assistant(txn, webhook.assistant_id); !known) return tl::unexpected(known.error());
    if (txn.webhooks().size() >= core::kMaxWebhooks) {
      return core::fail(core::ErrorCode::invalid_state, "there are already 50 webhooks; remove one first");
    }
    txn.insert_webhook(webhook);
    return webhook;
  };
  auto created = co_await commit<core::Webhook>(store_, std::move(apply));
  if (created) spdlog::info("event=webhook_created webhook={} by={}", created->id, admin.agent_id);
  co_return created;
}

asio::awaitable<core::Result<core::Webhook>> WebhookService::update(core::Actor admin, core::Id id,
                                                                    WebhookChanges changes) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  if (changes.events) {
    auto events = core::validate_webhook_events(*changes.events);
    if (!events) co_return tl::unexpected(events.error());
    changes.events = std::move(*events);
  }
  if (changes.description) {
    auto description = core::validate_webhook_description(*changes.description);
    if (!description) co_return tl::unexpected(description.error());
    changes.description = std::move(*description);
  }
  if (changes.timeout_seconds) {
    auto timeout = checked_timeout(changes.timeout_seconds);
    if (!timeout) co_return tl::unexpected(timeout.error());
  }
  if (changes.url) {
    auto url = co_await checked_url(std::move(*changes.url));
    if (!url) co_return tl::unexpected(url.error());
    changes.url = std::move(*url);
  }
  auto apply = [this, id, changes = std::move(changes)](store::WriteTxn& txn) -> core::Result<core::Webhook> {
    auto webhook = txn.webhook(id);
    if (!webhook) return tl::unexpected(no_webhook());
    if (changes.assistant_id) {
      if (auto known = known_assistant(txn, *changes.assistant_id); !known) return tl::unexpected(known.error());
      webhook->assistant_id = *changes.assistant_id;
    }
    if (changes.url) webhook->url = *changes.url;
    if (changes.events) webhook->events = *changes.events;
    if (changes.description) webhook->description = *changes.description;
    if (changes.timeout_seconds) webhook->timeout_seconds = *changes.timeout_seconds;
    if (changes.enabled && *changes.enabled != webhook->enabled) {
      webhook->enabled = *changes.enabled;
      webhook->disabled_reason =
          webhook->enabled ? core::WebhookDisabledReason::none : core::WebhookDisabledReason::admin;
      webhook->failing_since.reset();  // a fresh start either way
    }
    webhook->updated_at = clock_();
    txn.update_webhook(*webhook);
    // Its held deliveries may go now.
    if (webhook->enabled) txn.after_commit([this] { outbox_.ring(); });
    return *webhook;
  };
  co_return co_await commit<core::Webhook>(store_, std::move(apply));
}

asio::awaitable<core::Result<bool>> WebhookService::remove(core::Actor admin, core::Id id) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  auto apply = [id](store::WriteTxn& txn) -> core::Result<bool> {
    // The endpoint's row first (a lock on PostgreSQL), then its deliveries: the order a try's
    // outcome takes them in.
    if (!txn.webhook(id) || !txn.delete_webhook(id)) return tl::unexpected(no_webhook());
    return true;
  };
  auto removed = co_await commit<bool>(store_, std::move(apply));
  if (removed) spdlog::info("event=webhook_deleted webhook={} by={}", id, admin.agent_id);
  co_return removed;
}

asio::awaitable<core::Result<core::WebhookDelivery>> WebhookService::test(core::Actor admin, core::Id id) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  auto apply = [this, id](store::WriteTxn& txn) -> core::Result<core::WebhookDelivery> {
    auto webhook = txn.webhook(id);
    if (!webhook) return tl::unexpected(no_webhook());
    if (!webhook->enabled)
      return core::fail(core::ErrorCode::invalid_state, "the webhook is turned off; enable it first");
    return outbox_.ping(txn, *webhook);
  };
  co_return co_await commit<core::WebhookDelivery>(store_, std::move(apply));
}

asio::awaitable<core::Result<std::vector<core::WebhookDelivery>>> WebhookService::deliveries(
    core::Actor admin, core::Id id, std::optional<core::WebhookDeliveryStatus> status, int limit) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  auto read_page = [id, status, limit](store::ReadTxn& txn) -> core::Result<std::vector<core::WebhookDelivery>> {
    if (!txn.webhook(id)) return tl::unexpected(no_webhook());
    return txn.webhook_deliveries(id, status, limit);
  };
  co_return co_await read(store_, pool_, std::move(read_page));
}

asio::awaitable<core::Result<core::WebhookDelivery>> WebhookService::retry(core::Actor admin, core::Id id,
                                                                           core::Id delivery_id) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  auto apply = [this, id, delivery_id](store::WriteTxn& txn) -> core::Result<core::WebhookDelivery> {
    auto delivery = txn.webhook_delivery(id, delivery_id);
    if (!delivery) return core::fail(core::ErrorCode::not_found, "no such delivery");
    delivery->status = core::WebhookDeliveryStatus::pending;
    delivery->next_attempt_at = delivery->updated_at = clock_();
    txn.update_webhook_delivery(*delivery);
    txn.after_commit([this] { outbox_.ring(); });
    return *delivery;
  };
  co_return co_await commit<core::WebhookDelivery>(store_, std::move(apply));
}

}  // namespace baton::app
