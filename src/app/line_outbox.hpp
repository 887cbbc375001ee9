// Queues calls to LINE in the same transaction as the change that causes them (a message for a
// LINE customer, a profile or file to fetch), so nothing outgoing is lost to a crash; the
// delivery worker (channels/line) is woken after the commit and sends them.
#pragma once

#include <functional>
#include <mutex>
#include <optional>

#include "app/presence_service.hpp"
#include "core/line.hpp"
#include "store/store.hpp"

namespace baton::app {

class LineOutbox {
 public:
  explicit LineOutbox(ClockFn clock) : clock_(std::move(clock)) {}

  // Inside a write job: `message` goes to the conversation's LINE customer, through the Reply
  // API when a fresh reply token is at hand (the task takes it), else by push. Sets the
  // message's delivery to what the agents should see.
  void deliver(store::WriteTxn& txn, const core::Conversation& conversation, core::Message& message);
  // Inside a write job: a task without a message (profile, content, loading).
  void queue(store::WriteTxn& txn, core::LineTaskKind kind, const core::LineContact& contact,
             std::optional<core::Id> subject_id = std::nullopt);

  // The worker's bell, rung after every commit that queued something.
  void on_queued(std::function<void()> wake);

 private:
  void ring_after_commit(store::WriteTxn& txn);

  ClockFn clock_;
  std::mutex wake_mutex_;
  std::function<void()> wake_;
};

}  // namespace baton::app
