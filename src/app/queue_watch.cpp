#include "app/queue_watch.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>

namespace baton::app {

QueueWatch::QueueWatch(store::Store& store, boost::asio::thread_pool& pool, bus::EventBus& bus, EventPublisher& events)
    : store_(store), pool_(pool), events_(events) {
  subscription_ = bus.subscribe(bus::topics::agents(), [this](const bus::Event& event) { on_event(event); });
}

void QueueWatch::on_event(const bus::Event& event) {
  if (event.type != "conversation.updated" || !event.payload) return;
  boost::json::error_code error;
  const auto frame = boost::json::parse(*event.payload, error);
  if (error || !frame.is_object()) return;
  const auto* conversation = frame.as_object().if_contains("conversation");
  if (!conversation || !conversation->is_object()) return;
  const auto* assistant_id = conversation->as_object().if_contains("assistant_id");
  if (!assistant_id || !assistant_id->is_string()) return;
  // Any change may move a queue (a request, a claim, a Done, a left message): the re-read is
  // one indexed query per assistant, and changes arriving meanwhile share it.
  bool start = false;
  {
    std::lock_guard lock(mutex_);
    dirty_.insert(std::string(assistant_id->as_string()));
    start = !std::exchange(refreshing_, true);
  }
  if (start) boost::asio::post(pool_, [this] { refresh(); });
}

void QueueWatch::refresh() {
  for (;;) {
    core::Id assistant_id;
    {
      std::lock_guard lock(mutex_);
      if (dirty_.empty()) {
        refreshing_ = false;
        return;
      }
      assistant_id = *dirty_.begin();
      dirty_.erase(dirty_.begin());
    }
    try {
      refresh(assistant_id);
    } catch (const std::exception& error) {  // a pool job must never throw
      spdlog::warn("event=queue_refresh_failed assistant={} error=\"{}\"", assistant_id, error.what());
    } catch (...) {
      spdlog::warn("event=queue_refresh_failed assistant={} error=unknown", assistant_id);
    }
  }
}

void QueueWatch::tell_agents(store::ReadTxn& txn, const core::Id& assistant_id) {
  // The oldest live request, or the oldest left message when nobody waits live (a message from
  // yesterday does not hide how long live customers wait).
  const auto summary = txn.queue_summary(assistant_id);
  auto [last, inserted] = summaries_.try_emplace(assistant_id, summary);
  if (!inserted && last->second == summary) return;
  last->second = summary;
  events_.queue_summary(assistant_id, summary.waiting, summary.oldest_waiting_since);
}

void QueueWatch::refresh(const core::Id& assistant_id) {
  auto txn = store_.begin_read();
  tell_agents(*txn, assistant_id);
  const auto queue = txn->waiting_queue(assistant_id, kMaxRanked);
  auto& told = told_[assistant_id];
  std::unordered_map<core::Id, int> now;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const int position = static_cast<int>(i) + 1;
    now.emplace(queue[i], position);
    auto before = told.find(queue[i]);
    if (before == told.end() || before->second != position) events_.queue_position(queue[i], position);
  }
  if (now.empty()) {
    told_.erase(assistant_id);
  } else {
    told = std::move(now);
  }
}

}  // namespace baton::app
