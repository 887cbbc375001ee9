// The LINE channel's part of a store transaction: its credentials, contacts, the webhook events
// already handled, and the outbox of calls to LINE. ReadTxn and WriteTxn include it, so a
// service reads and writes LINE rows in the same transaction as the conversation they belong to.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/line.hpp"
#include "core/types.hpp"

namespace baton::store {

class LineReadTxn {
 public:
  virtual ~LineReadTxn() = default;

  virtual std::optional<core::LineChannel> line_channel(const core::Id& assistant_id) = 0;
  virtual std::optional<core::LineContact> line_contact(const core::Id& assistant_id, std::string_view user_id) = 0;
  virtual std::optional<core::LineContact> line_contact_of(const core::Id& conversation_id) = 0;
  // Which conversation a LINE user has, read without locking anything: a write that will lock
  // both locks the conversation first (the global order: conversations, then LINE contacts).
  virtual std::optional<core::Id> line_conversation_of(const core::Id& assistant_id, std::string_view user_id) = 0;
  virtual std::optional<core::LineTask> line_task(std::int64_t id) = 0;
  // Pending tasks due at `now`, oldest first, at most `limit`; a message task only when no
  // older message of its conversation is still pending (messages arrive in order).
  virtual std::vector<core::LineTask> due_line_tasks(core::TimePoint now, int limit) = 0;
  // The conversation's pending message tasks after task `after_id`, in order (to go with it in
  // one reply), at most `limit`.
  virtual std::vector<core::LineTask> pending_messages_after(const core::Id& conversation_id, std::int64_t after_id,
                                                             int limit) = 0;
  // When the next pending task falls due after `now`, if any (a message waiting for its
  // customer's profile falls due when its wait ends).
  virtual std::optional<core::TimePoint> next_line_task_after(core::TimePoint now) = 0;
  // The pushes Baton sent for the assistant in `month` (core::quota_month).
  virtual std::int64_t line_pushes(const core::Id& assistant_id, std::string_view month) = 0;
};

class LineWriteTxn : public virtual LineReadTxn {
 public:
  virtual void upsert_line_channel(const core::LineChannel& channel) = 0;
  // Records a webhook event; false when it was seen before (a redelivery).
  virtual bool insert_line_event(std::string_view webhook_event_id, const core::Id& assistant_id,
                                 core::TimePoint received_at) = 0;
  virtual void forget_line_events_before(core::TimePoint before) = 0;
  virtual void upsert_line_contact(const core::LineContact& contact) = 0;
  // A contact seen for the first time. Throws (a unique violation, on which a PostgreSQL job is
  // run again) when another node's transaction made it first: a new user's first two events
  // reaching two nodes at once must make one contact and one conversation.
  virtual void insert_line_contact(const core::LineContact& contact) = 0;
  // Returns the task with its id.
  virtual core::LineTask insert_line_task(core::LineTask task) = 0;
  // Stores state, attempts, next_attempt_at, last_error and the reply token (dropped once used).
  virtual void update_line_task(const core::LineTask& task) = 0;
  // One more push sent for the assistant in `month`.
  virtual void count_line_push(const core::Id& assistant_id, std::string_view month) = 0;
  // Several nodes: takes a task that is pending and due at `now` for the caller until `until`
  // (its due time moves there, so nobody else sees it due before; a node that dies holding it
  // lets it fall due again). False when another node took it first or it is no longer due.
  virtual bool claim_line_task(std::int64_t id, core::TimePoint now, core::TimePoint until) = 0;
};

}  // namespace baton::store
