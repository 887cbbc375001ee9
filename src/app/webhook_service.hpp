// Outgoing webhooks for admins (team operations §4.11): register, change and remove endpoints,
// send one a ping, list its deliveries and send one again. The secret that signs an endpoint's
// deliveries is made here and shown once, in the answer that created it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/async.hpp"
#include "app/presence_service.hpp"  // ClockFn
#include "app/webhook_outbox.hpp"
#include "core/conversation_rules.hpp"  // Actor
#include "core/webhooks.hpp"
#include "store/store.hpp"

namespace baton::app {

// Whether a URL (valid in form) may be called: where it resolves to. Blocking (DNS); 400
// url_not_allowed for a loopback, private, link-local or metadata address (net/address_policy).
using UrlCheck = std::function<core::Result<void>(const std::string& url)>;

struct WebhookInput {
  std::string url;
  std::vector<std::string> events;
  std::optional<core::Id> assistant_id;
  std::string description;
  std::optional<int> timeout_seconds;
};

// A PATCH: only what is set changes (assistant_id set to none: every assistant).
struct WebhookChanges {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> events;
  std::optional<std::optional<core::Id>> assistant_id;
  std::optional<std::string> description;
  std::optional<bool> enabled;
  std::optional<int> timeout_seconds;
};

class WebhookService {
 public:
  WebhookService(store::Store& store, asio::thread_pool& pool, WebhookOutbox& outbox, UrlCheck check_url, ClockFn clock)
      : store_(store), pool_(pool), outbox_(outbox), check_url_(std::move(check_url)), clock_(std::move(clock)) {}

  // Every call is for admins only (403 forbidden otherwise).
  asio::awaitable<core::Result<std::vector<core::Webhook>>> list(core::Actor admin);
  asio::awaitable<core::Result<core::Webhook>> get(core::Actor admin, core::Id id);
  // The endpoint with its secret. 400 invalid_field or url_not_allowed; 409 invalid_state past
  // kMaxWebhooks.
  asio::awaitable<core::Result<core::Webhook>> create(core::Actor admin, WebhookInput input);
  // Turning an endpoint back on forgets its failures.
  asio::awaitable<core::Result<core::Webhook>> update(core::Actor admin, core::Id id, WebhookChanges changes);
  // The endpoint and its deliveries, pending ones too.
  asio::awaitable<core::Result<bool>> remove(core::Actor admin, core::Id id);
  // Queues a ping for the endpoint (409 invalid_state when it is turned off).
  asio::awaitable<core::Result<core::WebhookDelivery>> test(core::Actor admin, core::Id id);
  asio::awaitable<core::Result<std::vector<core::WebhookDelivery>>> deliveries(
      core::Actor admin, core::Id id, std::optional<core::WebhookDeliveryStatus> status, int limit);
  // Makes a delivery due now, whatever became of it: one more try, with the same webhook-id.
  asio::awaitable<core::Result<core::WebhookDelivery>> retry(core::Actor admin, core::Id id, core::Id delivery_id);

 private:
  // The URL's form, then (on the pool) where it resolves to.
  asio::awaitable<core::Result<std::string>> checked_url(std::string raw);

  store::Store& store_;
  asio::thread_pool& pool_;
  WebhookOutbox& outbox_;
  UrlCheck check_url_;
  ClockFn clock_;
};

// "whsec_" and 32 random bytes in base64: the form Standard Webhooks libraries take.
std::string new_webhook_secret();

}  // namespace baton::app
