// Queues calls to LINE in the same transaction as the change that causes them (a message for a
// LINE customer, a profile or file to fetch), so nothing outgoing is lost to a crash; the
// delivery worker (channels/line) is woken after the commit and sends them.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "app/presence_service.hpp"
#include "core/line.hpp"
#include "store/store.hpp"

namespace baton::app {

// LINE's loading animation for a customer, shown at once if the worker gets to it in time.
struct LoadingRequest {
  core::Id assistant_id;
  core::Id conversation_id;
  std::string user_id;
  core::TimePoint at;
};

class LineOutbox {
 public:
  explicit LineOutbox(ClockFn clock) : clock_(std::move(clock)) {}

  // Inside a write job: `message` (one that core::reaches_line_customer) goes to the
  // conversation's LINE customer, through the Reply
  // API when a fresh reply token is at hand (the task takes it), else by push. Sets the
  // message's delivery to what the agents should see.
  void deliver(store::WriteTxn& txn, const core::Conversation& conversation, core::Message& message);
  // Inside a write job: a task without a message (profile, content).
  void queue(store::WriteTxn& txn, core::LineTaskKind kind, const core::LineContact& contact,
             std::optional<core::Id> subject_id = std::nullopt);
  // Inside a write job: a read receipt for the customer's messages up to the one `read_token`
  // came with (LINE marks that one and every earlier one read).
  void mark_read(store::WriteTxn& txn, const core::LineContact& contact, std::string read_token);
  // The loading animation: once the job commits, or now. Never stored (it is only worth
  // showing in the seconds after the customer wrote); the worker sends it before any message
  // of the conversation that comes later, so it never spins after the answer.
  void show_loading(store::WriteTxn& txn, const core::LineContact& contact);
  void show_loading(const core::LineContact& contact);

  // The worker's bell, rung after every commit that queued something, and its loading requests.
  void on_queued(std::function<void()> wake);
  void on_loading(std::function<void(LoadingRequest)> show);
  // Several nodes: the other nodes' workers are woken too (through the bus), so that one of
  // them takes over at once when this node dies holding a task.
  void tell_other_nodes(std::function<void()> nudge);

 private:
  void ring_after_commit(store::WriteTxn& txn);

  ClockFn clock_;
  std::mutex wake_mutex_;
  std::function<void()> wake_;
  std::function<void(LoadingRequest)> show_loading_;
  std::function<void()> nudge_;
};

}  // namespace baton::app
