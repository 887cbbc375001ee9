// The store queries for the e-mail follow-up: its outbox, the visitors' socket presence and the
// server's secrets.
// Definitions of SqlReadTxn/SqlWriteTxn members, included once per store where the class
// templates are instantiated for that store's connection type.
#pragma once

#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {
namespace detail {

inline constexpr std::string_view kEmailSelect =
    "SELECT id, conversation_id, assistant_id, to_address, first_seq, last_seq, state, attempts, next_attempt_at, "
    "last_error, mail_id, created_at, updated_at FROM email_outbox ";

template <class Row>
EmailRow email_from(const Row& row) {
  EmailRow email;
  email.id = row.integer(0);
  email.conversation_id = row.text(1);
  email.assistant_id = row.text(2);
  email.to_address = row.text(3);
  email.first_seq = row.integer(4);
  email.last_seq = row.integer(5);
  email.state = row.text(6);
  email.attempts = static_cast<int>(row.integer(7));
  email.next_attempt_at = time_at(row, 8);
  email.last_error = row.text(9);
  email.mail_id = row.text(10);
  email.created_at = time_at(row, 11);
  email.updated_at = time_at(row, 12);
  return email;
}

}  // namespace detail

template <class Db>
std::optional<EmailRow> SqlReadTxn<Db>::email(std::int64_t id) {
  auto row = this->db_.prepare(std::string(detail::kEmailSelect) + "WHERE id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::email_from(row);
}

template <class Db>
std::optional<EmailRow> SqlReadTxn<Db>::pending_email(const core::Id& conversation_id) {
  auto row = this->db_.prepare(std::string(detail::kEmailSelect) + "WHERE conversation_id = ? AND state = 'pending'" +
                               this->row_lock("email_outbox"));
  row.bind(1, conversation_id);
  if (!row.step()) return std::nullopt;
  return detail::email_from(row);
}

template <class Db>
std::vector<EmailRow> SqlReadTxn<Db>::due_emails(core::TimePoint now, int limit) {
  auto row = this->db_.prepare(std::string(detail::kEmailSelect) +
                               "WHERE state IN ('pending', 'sending', 'retry') AND next_attempt_at <= ? "
                               "ORDER BY next_attempt_at, id LIMIT ?");
  row.bind(1, core::format_time(now)).bind(2, static_cast<std::int64_t>(limit));
  std::vector<EmailRow> rows;
  while (row.step()) rows.push_back(detail::email_from(row));
  return rows;
}

template <class Db>
std::optional<core::TimePoint> SqlReadTxn<Db>::next_email_after(core::TimePoint now) {
  auto row = this->db_.prepare(
      "SELECT MIN(next_attempt_at) FROM email_outbox WHERE state IN ('pending', 'sending', 'retry') AND "
      "next_attempt_at > ?");
  row.bind(1, core::format_time(now));
  if (!row.step()) return std::nullopt;
  return optional_time_at(row, 0);
}

template <class Db>
EmailOutboxStats SqlReadTxn<Db>::email_outbox_stats() {
  auto row = this->db_.prepare(
      "SELECT COUNT(*), MIN(created_at) FROM email_outbox WHERE state IN ('pending', 'sending', 'retry')");
  EmailOutboxStats stats;
  if (!row.step()) return stats;
  stats.pending = row.integer(0);
  stats.oldest_created_at = optional_time_at(row, 1);
  return stats;
}

template <class Db>
std::optional<VisitorPresence> SqlReadTxn<Db>::visitor_presence(const core::Id& conversation_id,
                                                                core::TimePoint fresh_after) {
  auto row = this->db_.prepare(
      "SELECT COALESCE(SUM(CASE WHEN is_open = 1 AND seen_at > ? THEN 1 ELSE 0 END), 0), MAX(seen_at), "
      "(SELECT language FROM visitor_sockets l WHERE l.conversation_id = ? AND l.language IS NOT NULL ORDER BY "
      "l.seen_at DESC LIMIT 1) FROM visitor_sockets WHERE conversation_id = ?");
  row.bind(1, core::format_time(fresh_after)).bind(2, conversation_id).bind(3, conversation_id);
  if (!row.step()) return std::nullopt;
  auto last_seen = optional_time_at(row, 1);
  if (!last_seen) return std::nullopt;
  return VisitorPresence{static_cast<int>(row.integer(0)), *last_seen, row.optional_text(2)};
}

template <class Db>
std::optional<std::string> SqlReadTxn<Db>::server_secret(std::string_view name) {
  auto row = this->db_.prepare("SELECT value FROM server_secrets WHERE name = ?");
  row.bind(1, name);
  if (!row.step()) return std::nullopt;
  return row.text(0);
}

template <class Db>
EmailRow SqlWriteTxn<Db>::insert_email(EmailRow e) {
  auto row = this->db_.prepare(
      "INSERT INTO email_outbox (conversation_id, assistant_id, to_address, first_seq, last_seq, state, attempts, "
      "next_attempt_at, last_error, mail_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id");
  row.bind(1, e.conversation_id)
      .bind(2, e.assistant_id)
      .bind(3, e.to_address)
      .bind(4, e.first_seq)
      .bind(5, e.last_seq)
      .bind(6, e.state)
      .bind(7, std::int64_t{e.attempts})
      .bind(8, core::format_time(e.next_attempt_at))
      .bind(9, e.last_error)
      .bind(10, e.mail_id)
      .bind(11, core::format_time(e.created_at))
      .bind(12, core::format_time(e.updated_at));
  if (!row.step()) throw StoreError("insert_email: no id");
  e.id = row.integer(0);
  row.run();
  return e;
}

template <class Db>
void SqlWriteTxn<Db>::update_email(const EmailRow& e) {
  this->db_
      .prepare(
          "UPDATE email_outbox SET last_seq = ?, state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
          "updated_at = ? WHERE id = ?")
      .bind(1, e.last_seq)
      .bind(2, e.state)
      .bind(3, std::int64_t{e.attempts})
      .bind(4, core::format_time(e.next_attempt_at))
      .bind(5, e.last_error)
      .bind(6, core::format_time(e.updated_at))
      .bind(7, e.id)
      .run();
}

template <class Db>
bool SqlWriteTxn<Db>::claim_email(std::int64_t id, core::TimePoint now, core::TimePoint until) {
  // A conditional update: on PostgreSQL a second node's UPDATE waits for the first's commit,
  // then finds the row no longer due and changes nothing; a message joining the pending row
  // (state = 'pending') finds it claimed and starts a new one.
  this->db_
      .prepare(
          "UPDATE email_outbox SET state = 'sending', next_attempt_at = ? WHERE id = ? AND state IN ('pending', "
          "'sending', 'retry') AND next_attempt_at <= ?")
      .bind(1, core::format_time(until))
      .bind(2, id)
      .bind(3, core::format_time(now))
      .run();
  return this->db_.changes() == 1;
}

template <class Db>
void SqlWriteTxn<Db>::visitor_socket_opened(const std::string& socket_id, const core::Id& conversation_id,
                                            core::TimePoint at, const std::optional<std::string>& language) {
  // Nothing when its close committed first.
  this->db_
      .prepare(
          "INSERT INTO visitor_sockets (socket_id, conversation_id, is_open, seen_at, language) VALUES (?, ?, 1, ?, ?) "
          "ON CONFLICT (socket_id) DO NOTHING")
      .bind(1, socket_id)
      .bind(2, conversation_id)
      .bind(3, core::format_time(at))
      .bind(4, language)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::visitor_socket_closed(const std::string& socket_id, const core::Id& conversation_id,
                                            core::TimePoint at, const std::optional<std::string>& language) {
  const auto closed_at = core::format_time(at);
  this->db_
      .prepare(
          "INSERT INTO visitor_sockets (socket_id, conversation_id, is_open, seen_at, language) VALUES (?, ?, 0, ?, ?) "
          "ON CONFLICT (socket_id) DO UPDATE SET is_open = 0, seen_at = excluded.seen_at")
      .bind(1, socket_id)
      .bind(2, conversation_id)
      .bind(3, closed_at)
      .bind(4, language)
      .run();
  // The newest closed row says all the closed ones would.
  this->db_
      .prepare(
          "DELETE FROM visitor_sockets WHERE conversation_id = ? AND is_open = 0 AND seen_at < ? AND socket_id <> ?")
      .bind(1, conversation_id)
      .bind(2, closed_at)
      .bind(3, socket_id)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::visitor_sockets_seen(const std::vector<std::string>& socket_ids, core::TimePoint at) {
  const auto seen_at = core::format_time(at);
  for (const auto& id : socket_ids) {
    this->db_.prepare("UPDATE visitor_sockets SET seen_at = ? WHERE socket_id = ? AND is_open = 1")
        .bind(1, seen_at)
        .bind(2, id)
        .run();
  }
}

template <class Db>
void SqlWriteTxn<Db>::insert_server_secret(std::string_view name, std::string_view value) {
  this->db_.prepare("INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
      .bind(1, name)
      .bind(2, value)
      .run();
}

}  // namespace baton::store::sql
