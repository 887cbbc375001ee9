// The LINE outbox worker: a dispatcher thread picks due tasks (woken when new ones are queued,
// or when a retry falls due) and a few sender threads carry them out against LINE's API, one
// call per task; the outcome is stored before the task counts as finished. Messages (and
// loading animations) of one conversation go one at a time, in order. Tasks left over from a previous run (a crash,
// LINE down) are simply due at start, which is also why stop() need not wait for LINE: the calls
// in flight are cancelled, and their tasks stay pending.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "app/line_delivery_service.hpp"
#include "app/line_outbox.hpp"
#include "app/metrics/baton_metrics.hpp"
#include "channels/line/line_api.hpp"
#include "channels/line/line_messages.hpp"

namespace baton::channels::line {

class LineDeliveryWorker {
 public:
  LineDeliveryWorker(app::LineDeliveryService& service, app::LineOutbox& outbox, LineApi api, app::ClockFn clock,
                     std::size_t senders = 8);
  ~LineDeliveryWorker();

  void start();
  void stop();  // cancels the calls in flight (their tasks stay due) and waits for the threads
  // Looks at the outbox now (something was queued, here or on another node).
  void wake();
  // Counts each try of a task and each call to LINE (/metrics); set before start().
  void count_into(app::BatonMetrics& metrics) { metrics_ = &metrics; }
  // Public links to agents' files (LINE fetches images from them); set before start().
  void link_files(FileUrlFn file_urls) { file_urls_ = std::move(file_urls); }

 private:
  void dispatch_loop();
  void perform(const app::LineWork& work);
  void show_loading(const app::LoadingRequest& request);
  // Sends the loading animations asked for since the last round (under the lock).
  void dispatch_loading(std::unique_lock<std::mutex>& lock);
  app::LineCallResult carry_out(const app::LineWork& work) const;
  app::LineCallResult send_message(const app::LineWork& work) const;
  void count_call(app::LineApiCall api, const net::HttpOutcome& outcome) const;

  app::LineDeliveryService& service_;
  app::LineOutbox& outbox_;
  net::Cancellation calls_;  // before api_, whose calls it ends
  LineApi api_;
  app::ClockFn clock_;
  std::size_t senders_count_;
  FileUrlFn file_urls_;
  app::BatonMetrics* metrics_ = nullptr;

  std::mutex mutex_;
  std::condition_variable changed_;
  bool woken_ = false;
  bool stopping_ = false;
  std::set<std::int64_t> in_flight_;
  // Finished while the dispatcher was reading due tasks: its list may still show them pending.
  std::set<std::int64_t> finished_during_read_;
  std::deque<app::LoadingRequest> loading_requests_;
  // Conversations whose loading animation is on its way: their messages wait for it.
  std::multiset<core::Id> loading_in_flight_;

  std::unique_ptr<boost::asio::thread_pool> senders_;
  std::thread dispatcher_;
};

}  // namespace baton::channels::line
