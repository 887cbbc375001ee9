// The webhook outbox worker: a dispatcher thread picks each enabled endpoint's due deliveries
// (woken when new ones are queued, when a try ends, or when a retry falls due), at most
// core::kMaxConcurrentDeliveries per endpoint at once, and sender threads make the tries: the
// URL resolved and checked (net/address_policy), the request sent to that address only, signed
// the Standard Webhooks way, redirects never followed. The outcome is stored before the delivery
// counts as finished. Deliveries left over from a previous run are simply due at start, which is
// also why stop() need not wait for receivers: the tries in flight are cancelled and stay due.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "app/metrics/baton_metrics.hpp"
#include "app/webhook_delivery_service.hpp"
#include "app/webhook_outbox.hpp"
#include "net/http_client.hpp"

namespace baton::channels::webhook {

struct WebhookWorkerOptions {
  bool allow_private = false;  // --webhook-allow-private: loopback and private receivers too
  std::size_t senders = 16;    // tries in flight at once, over every endpoint
};

class WebhookWorker {
 public:
  WebhookWorker(app::WebhookDeliveryService& service, app::WebhookOutbox& outbox, app::ClockFn clock,
                WebhookWorkerOptions options);
  ~WebhookWorker();

  void start();
  void stop();  // cancels the tries in flight (their deliveries stay due) and waits for the threads
  // Each try's time goes to /metrics (baton_webhook_delivery_seconds).
  void count_into(app::BatonMetrics& metrics) { metrics_ = &metrics; }
  // Looks at the outbox now (something was queued, here or on another node).
  void wake();

 private:
  void dispatch_loop();
  // This endpoint's due deliveries that may start now, given what is in flight (under no lock).
  std::vector<app::WebhookWork> ready_for(const core::Webhook& webhook);
  void perform(const app::WebhookWork& work);
  app::WebhookAttempt attempt(const app::WebhookWork& work);
  void finished(const app::WebhookWork& work, bool recorded);

  app::WebhookDeliveryService& service_;
  app::WebhookOutbox& outbox_;
  app::ClockFn clock_;
  WebhookWorkerOptions options_;
  net::Cancellation calls_;

  std::mutex mutex_;
  std::condition_variable changed_;
  bool woken_ = false;
  bool stopping_ = false;
  std::set<core::Id> in_flight_;  // delivery ids
  std::map<core::Id, int> in_flight_per_endpoint_;
  // Finished while the dispatcher was reading due deliveries: its list may still show them due.
  std::set<core::Id> finished_during_read_;

  std::unique_ptr<boost::asio::thread_pool> senders_;
  std::thread dispatcher_;
  app::BatonMetrics* metrics_ = nullptr;
};

}  // namespace baton::channels::webhook
