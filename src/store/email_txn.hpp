// The e-mail follow-up's part of a store transaction (team operations §4.12): the outbox of
// e-mails to web visitors, where each visitor was last seen on their socket, and the server's
// own secrets. ReadTxn and WriteTxn include it, so an agent's message and the e-mail that may
// follow it are written in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace baton::store {

// One e-mail of the outbox: the agent messages of `conversation_id` with seq in
// [first_seq, last_seq]. States: pending (gathering; later messages join), sending (claimed
// until next_attempt_at), retry, sent, failed, cancelled.
struct EmailRow {
  std::int64_t id = 0;
  core::Id conversation_id;
  core::Id assistant_id;
  std::string to_address;
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
  std::string state = "pending";
  int attempts = 0;
  core::TimePoint next_attempt_at;
  std::string last_error;
  std::string mail_id;  // the Message-ID, the same on every try
  core::TimePoint created_at;
  core::TimePoint updated_at;
};

// A widget visitor on their conversation's sockets, as every node sees it.
struct VisitorPresence {
  int open_sockets = 0;          // open and refreshed since the caller's cut-off
  core::TimePoint last_seen_at;  // the newest sign of any socket (opened, refreshed, closed)
  std::optional<std::string> language;
};

// For /metrics: e-mails not yet sent, failed or cancelled, and since when the oldest has waited.
struct EmailOutboxStats {
  std::int64_t pending = 0;
  std::optional<core::TimePoint> oldest_created_at;
};

class EmailReadTxn {
 public:
  virtual ~EmailReadTxn() = default;

  virtual std::optional<EmailRow> email(std::int64_t id) = 0;
  // The conversation's e-mail still gathering messages, if any.
  virtual std::optional<EmailRow> pending_email(const core::Id& conversation_id) = 0;
  // Rows to act on at `now` (pending, retry, or a claim whose lease ran out), oldest first.
  virtual std::vector<EmailRow> due_emails(core::TimePoint now, int limit) = 0;
  virtual std::optional<core::TimePoint> next_email_after(core::TimePoint now) = 0;
  virtual EmailOutboxStats email_outbox_stats() = 0;
  // Nothing when no socket of the conversation was ever recorded; open sockets count only when
  // seen after `fresh_after` (an older one belongs to a node that died).
  virtual std::optional<VisitorPresence> visitor_presence(const core::Id& conversation_id,
                                                          core::TimePoint fresh_after) = 0;
  virtual std::optional<std::string> server_secret(std::string_view name) = 0;
};

class EmailWriteTxn : public virtual EmailReadTxn {
 public:
  // Returns the row with its id.
  virtual EmailRow insert_email(EmailRow row) = 0;
  // Stores last_seq, state, attempts, next_attempt_at, last_error and updated_at.
  virtual void update_email(const EmailRow& row) = 0;
  // Takes a due row for the caller until `until` (state sending): false when another node took
  // it first or it is no longer due. From then on no message joins it.
  virtual bool claim_email(std::int64_t id, core::TimePoint now, core::TimePoint until) = 0;
  // A widget socket of the conversation opened, closed (whichever commits first, closed wins),
  // or is still open (seen now).
  virtual void visitor_socket_opened(const std::string& socket_id, const core::Id& conversation_id, core::TimePoint at,
                                     const std::optional<std::string>& language) = 0;
  virtual void visitor_socket_closed(const std::string& socket_id, const core::Id& conversation_id, core::TimePoint at,
                                     const std::optional<std::string>& language) = 0;
  virtual void visitor_sockets_seen(const std::vector<std::string>& socket_ids, core::TimePoint at) = 0;
  // Keeps the first value stored under `name` (another node may have made one first).
  virtual void insert_server_secret(std::string_view name, std::string_view value) = 0;
};

}  // namespace baton::store
