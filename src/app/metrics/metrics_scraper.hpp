// A /metrics scrape: reads the shared state (the queue and open conversations from the store,
// agents from presence, each outbox's backlog) on the blocking pool, sets the gauges, and
// renders every series. Never on a network thread: a slow database slows the scrape only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "app/metrics/baton_metrics.hpp"
#include "app/presence_service.hpp"
#include "store/store.hpp"

namespace baton::app {

// Reads one outbox's backlog in the scrape's read transaction.
using OutboxProbe = std::function<store::OutboxBacklog(store::ReadTxn&)>;

class MetricsScraper {
 public:
  MetricsScraper(BatonMetrics& metrics, store::Store& store, PresenceService& presence, asio::thread_pool& pool,
                 ClockFn clock);

  // An outbox whose backlog the scrape reports (before serving). LINE's is added here; another
  // sink is one line in main: `scraper.add_outbox(OutboxSink::webhook, probe)`.
  void add_outbox(OutboxSink sink, OutboxProbe probe);

  asio::awaitable<std::string> scrape();
  // The same, on the calling thread (it blocks on the store).
  std::string scrape_blocking();

 private:
  void read_state(store::ReadTxn& txn);

  BatonMetrics& metrics_;
  store::Store& store_;
  PresenceService& presence_;
  asio::thread_pool& pool_;
  ClockFn clock_;
  std::vector<std::pair<OutboxSink, OutboxProbe>> outboxes_;
  std::mutex scraping_;  // one scrape sets the gauges and renders at a time
};

}  // namespace baton::app
