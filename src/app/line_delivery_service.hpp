// The bookkeeping of the LINE outbox for its worker (channels/line): which tasks are due, with
// everything needed to carry them out, and what each call's outcome changes: a message
// delivered or failed (agents see it), a retry scheduled, a profile or a photo stored.
// Blocking calls: the worker runs them on its own threads.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/event_publisher.hpp"
#include "app/presence_service.hpp"
#include "core/line.hpp"
#include "store/store.hpp"

namespace baton::app {

struct LineWork {
  core::LineTask task;
  std::string access_token;
  bool live_agent_enabled = false;
  std::optional<std::string> language;         // the customer's, when the profile gave it
  std::optional<core::Message> message;        // kind message
  std::optional<core::Attachment> attachment;  // kind content
  // A message with a fresh reply token: the conversation's next pending messages, which may go
  // in the same reply (a reply is free, a push counts against the account's monthly quota).
  std::vector<LineWork> followers;
};

struct LineCallResult {
  core::LineCallOutcome outcome = core::LineCallOutcome::done;
  std::string error;  // what went wrong, for the log and the console (never a secret)
  std::optional<int> retry_after_seconds;
  // A fetched profile.
  std::optional<std::string> display_name;
  std::optional<std::string> picture_url;
  std::optional<std::string> language;
  // A fetched file.
  std::optional<std::string> content;
  std::string content_type;
  // A push LINE accepted: it counts against the account's monthly quota (replies do not).
  bool pushed = false;
  // How many of the work's followers went out with this call.
  std::size_t followers_sent = 0;
  // The server stopped mid-call: nothing is recorded, the task stays due for the next start.
  bool cancelled = false;
};

class LineDeliveryService {
 public:
  // `lease`: several nodes share one outbox, and a task claimed by a node stays its own this
  // long. None on a node alone: nobody else reads its outbox, and a restart after a crash sends
  // what was in flight at once.
  LineDeliveryService(store::Store& store, EventPublisher& events, ClockFn clock,
                      std::optional<std::chrono::seconds> lease = std::nullopt);

  // Due tasks, oldest first, at most `limit`; a task whose assistant lost its LINE connection
  // is failed on the spot.
  std::vector<LineWork> due(int limit);
  // Takes `work` for this node (its followers too, as far as they could all be taken): what
  // another node took first is left out. Every node of a cluster reads the same outbox, so a
  // task is sent by the node that claims it, once; one that dies holding it lets it fall due
  // again when the lease ends.
  std::vector<LineWork> claim(std::vector<LineWork> work);
  // Gives a claimed task back at once (stopping before its call was made).
  void release(const LineWork& work);
  std::optional<core::TimePoint> next_due_after(core::TimePoint now);
  // The channel access token of a connected assistant.
  std::optional<std::string> access_token(const core::Id& assistant_id);
  // Stores what the call changed and returns once it is durable.
  void record(const LineWork& work, const LineCallResult& result);
  // The same without waiting: `done` runs on the store's writer once it is durable (or not).
  void record(const LineWork& work, const LineCallResult& result, std::function<void(bool durable)> done);
  // Handled webhook event ids are kept a week (LINE redelivers within hours).
  void forget_old_events();

 private:
  void apply(store::WriteTxn& txn, const LineWork& work, const LineCallResult& result);
  void apply_success(store::WriteTxn& txn, const LineWork& work, const LineCallResult& result);
  void apply_failure(store::WriteTxn& txn, const LineWork& work);
  // Submits a write job and waits until it is committed (or refused).
  bool write(std::function<bool(store::WriteTxn&)> job);

  store::Store& store_;
  EventPublisher& events_;
  ClockFn clock_;
  std::optional<std::chrono::seconds> lease_;
};

}  // namespace baton::app
