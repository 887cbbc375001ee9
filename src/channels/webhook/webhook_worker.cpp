#include "channels/webhook/webhook_worker.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "channels/webhook/signature.hpp"
#include "net/address_policy.hpp"

namespace baton::channels::webhook {
namespace {

constexpr std::chrono::seconds kIdleWait{30};
constexpr std::chrono::hours kForgetEvery{1};
// A receiver's answer is not read past this (its status is what counts).
constexpr std::size_t kAnswerLimit = 64 << 10;

}  // namespace

WebhookWorker::WebhookWorker(app::WebhookDeliveryService& service, app::WebhookOutbox& outbox, app::ClockFn clock,
                             WebhookWorkerOptions options)
    : service_(service), outbox_(outbox), clock_(std::move(clock)), options_(options) {}

WebhookWorker::~WebhookWorker() { stop(); }

void WebhookWorker::start() {
  senders_ = std::make_unique<boost::asio::thread_pool>(options_.senders);
  outbox_.on_queued([this] { wake(); });
  dispatcher_ = std::thread([this] { dispatch_loop(); });
}

void WebhookWorker::stop() {
  if (!dispatcher_.joinable()) return;
  outbox_.on_queued(nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  // The outbox is durable: a try cut short is simply made again at the next start.
  calls_.cancel();
  dispatcher_.join();
  senders_->join();
  // The last outcomes are being committed; their callbacks touch this object.
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return in_flight_.empty(); });
}

void WebhookWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

std::vector<app::WebhookWork> WebhookWorker::ready_for(const core::Webhook& webhook) {
  int busy = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto found = in_flight_per_endpoint_.find(webhook.id); found != in_flight_per_endpoint_.end()) {
      busy = found->second;
    }
  }
  const int room = core::kMaxConcurrentDeliveries - busy;
  if (room <= 0) return {};
  // Those in flight are still due in the store (no lease on a node alone): read past them.
  auto due = service_.due(webhook, room + busy);
  std::vector<app::WebhookWork> ready;
  std::lock_guard lock(mutex_);
  for (auto& work : due) {
    if (static_cast<int>(ready.size()) == room) break;
    if (in_flight_.contains(work.delivery.id) || finished_during_read_.contains(work.delivery.id)) continue;
    ready.push_back(std::move(work));
  }
  return ready;
}

void WebhookWorker::dispatch_loop() {
  auto next_forget = std::chrono::steady_clock::now();
  for (;;) {
    if (std::chrono::steady_clock::now() >= next_forget) {
      try {
        service_.forget_old();
      } catch (const std::exception& error) {
        spdlog::warn("event=webhook_forget_failed error=\"{}\"", error.what());
      }
      next_forget = std::chrono::steady_clock::now() + kForgetEvery;
    }
    {
      // Cleared before reading: a wake that comes while we read brings us round again.
      std::lock_guard lock(mutex_);
      woken_ = false;
      finished_during_read_.clear();
    }
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(kIdleWait);
    try {
      std::vector<app::WebhookWork> ready;
      for (const auto& webhook : service_.endpoints()) {
        for (auto& work : ready_for(webhook)) ready.push_back(std::move(work));
      }
      // Only what this node claims: the other nodes read the same outbox.
      ready = service_.claim(std::move(ready));
      {
        std::lock_guard lock(mutex_);
        for (auto& work : ready) {
          in_flight_.insert(work.delivery.id);
          ++in_flight_per_endpoint_[work.webhook.id];
          boost::asio::post(*senders_, [this, work = std::move(work)] { perform(work); });
        }
      }
      // Sleep until something is queued or finishes, or the next retry falls due.
      const auto now = clock_();
      if (const auto next = service_.next_due_after(now)) {
        wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(*next - now));
      }
    } catch (const std::exception& error) {
      // The store is away (a PostgreSQL server restarting): look again soon.
      spdlog::error("event=webhook_outbox_read_failed error=\"{}\"", error.what());
      wait = std::chrono::milliseconds(1000);
    }
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::max(wait, std::chrono::milliseconds(1)), [this] { return woken_ || stopping_; });
    if (stopping_) return;
  }
}

app::WebhookAttempt WebhookWorker::attempt(const app::WebhookWork& work) {
  app::WebhookAttempt result;
  const auto& webhook = work.webhook;
  const auto key = signing_key(webhook.secret);
  if (!key) {
    result.refused = true;
    result.error = "the endpoint's secret is not a whsec_ secret";
    return result;
  }
  // Resolved now, and only the addresses checked here are connected to (DNS rebinding).
  const auto resolved = net::resolve_allowed(webhook.url, options_.allow_private);
  if (!resolved.ok()) {
    result.refused = resolved.refused;  // a name that does not resolve may again: retried
    result.error = resolved.error;
    return result;
  }
  const auto timestamp = std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
  net::HttpRequest request;
  request.method = "POST";
  request.url = webhook.url;
  request.headers = {{"content-type", "application/json"},
                     {"webhook-id", work.delivery.event_id},
                     {"webhook-timestamp", std::to_string(timestamp)},
                     {"webhook-signature", sign(*key, work.delivery.event_id, timestamp, work.delivery.payload)}};
  request.body = work.delivery.payload;
  request.addresses = resolved.addresses;
  const std::chrono::milliseconds limit = std::chrono::seconds(webhook.timeout_seconds);
  const auto started = std::chrono::steady_clock::now();
  const auto outcome = net::send(request, net::HttpTimeouts{limit, limit, limit}, kAnswerLimit, &calls_);
  result.status = outcome.status;
  result.cancelled = outcome.cancelled;
  if (outcome.status == 0) result.error = outcome.error;
  result.retry_after_seconds = core::parse_retry_after(outcome.retry_after, clock_());
  spdlog::debug(
      "event=webhook_try delivery={} webhook={} status={} ms={}", work.delivery.id, webhook.id, outcome.status,
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
  return result;
}

void WebhookWorker::perform(const app::WebhookWork& work) {
  app::WebhookAttempt result;
  const auto started = std::chrono::steady_clock::now();
  try {
    result = attempt(work);
  } catch (const std::exception& error) {
    result.error = std::string("internal error: ") + error.what();
  }
  if (metrics_ && !result.cancelled) metrics_->webhook_delivery(std::chrono::steady_clock::now() - started);
  if (result.cancelled) {
    // Stopping: not a try that failed, so none is counted; given back for another node.
    spdlog::info("event=webhook_try_cancelled delivery={}", work.delivery.id);
    try {
      service_.release(work);
    } catch (const std::exception& error) {
      spdlog::warn("event=webhook_release_failed delivery={} error=\"{}\"", work.delivery.id, error.what());
    }
    finished(work, false);
    return;
  }
  // The sender is free for the next try while the outcome is committed; the delivery counts as
  // finished (and may be read again) only once it is.
  try {
    service_.record(work, result, [this, work](bool) { finished(work, true); });
  } catch (const std::exception& error) {
    spdlog::error("event=webhook_record_failed delivery={} error=\"{}\"", work.delivery.id, error.what());
    finished(work, false);
  }
}

void WebhookWorker::finished(const app::WebhookWork& work, bool recorded) {
  {
    std::lock_guard lock(mutex_);
    in_flight_.erase(work.delivery.id);
    if (auto found = in_flight_per_endpoint_.find(work.webhook.id);
        found != in_flight_per_endpoint_.end() && --found->second <= 0) {
      in_flight_per_endpoint_.erase(found);
    }
    if (recorded) finished_during_read_.insert(work.delivery.id);
    woken_ = true;
  }
  changed_.notify_all();
}

}  // namespace baton::channels::webhook
