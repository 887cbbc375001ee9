// The bookkeeping of the webhook outbox for its worker (channels/webhook): which deliveries are
// due, and what each try's outcome changes: a delivery done, retried on the schedule of
// core/webhooks.hpp or failed, and its endpoint turned off on 410 Gone or after three days of
// failures. Blocking calls: the worker runs them on its own threads.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/presence_service.hpp"  // ClockFn
#include "core/webhooks.hpp"
#include "store/store.hpp"

namespace baton::app {

struct WebhookWork {
  core::WebhookDelivery delivery;
  core::Webhook webhook;  // its endpoint: URL, secret, timeout
};

// How one try went.
struct WebhookAttempt : core::WebhookTry {
  bool cancelled = false;  // the server stopped mid-try: nothing is recorded
};

class WebhookDeliveryService {
 public:
  // `lease`: several nodes share one outbox (see LineDeliveryService).
  WebhookDeliveryService(store::Store& store, ClockFn clock, std::optional<std::chrono::seconds> lease = std::nullopt)
      : store_(store), clock_(std::move(clock)), lease_(lease) {}

  // Told of each try's outcome (pending again: a retry) once it is committed (/metrics).
  using AttemptObserver = std::function<void(core::WebhookDeliveryStatus)>;
  void observe_attempts(AttemptObserver observer) { attempt_observer_ = std::move(observer); }

  std::vector<core::Webhook> endpoints();
  // The endpoint's due deliveries, oldest first, at most `limit`.
  std::vector<WebhookWork> due(const core::Webhook& webhook, int limit);
  // Takes `work` for this node: what another node took first is left out.
  std::vector<WebhookWork> claim(std::vector<WebhookWork> work);
  // Gives a claimed delivery back at once (stopping before its try was made).
  void release(const WebhookWork& work);
  std::optional<core::TimePoint> next_due_after(core::TimePoint now);
  // Stores the try's outcome; `done` runs on the store's writer once it is durable (or not).
  void record(const WebhookWork& work, const WebhookAttempt& attempt, std::function<void(bool durable)> done);
  // Finished deliveries older than core::kFinishedDeliveriesKept.
  void forget_old();

 private:
  void apply(store::WriteTxn& txn, const WebhookWork& work, const WebhookAttempt& attempt);

  store::Store& store_;
  ClockFn clock_;
  std::optional<std::chrono::seconds> lease_;
  AttemptObserver attempt_observer_;
};

}  // namespace baton::app
