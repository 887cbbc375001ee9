// The store queries for LINE (its credentials, contacts, handled webhook events, the outbox) and
// attachments.
// Definitions of SqlReadTxn/SqlWriteTxn members, included once per store where the class
// templates are instantiated for that store's connection type.
#pragma once

#include "core/names.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {
namespace detail {

inline constexpr std::string_view kContactSelect =
    "SELECT assistant_id, line_user_id, conversation_id, following, reply_token, reply_token_at, created_at, "
    "updated_at, language, read_token FROM line_contacts ";

template <class Row>
core::LineContact contact_from(const Row& row) {
  core::LineContact contact;
  contact.assistant_id = row.text(0);
  contact.user_id = row.text(1);
  contact.conversation_id = row.text(2);
  contact.following = row.integer(3) != 0;
  contact.reply_token = row.optional_text(4);
  contact.reply_token_at = optional_time_at(row, 5);
  contact.created_at = time_at(row, 6);
  contact.updated_at = time_at(row, 7);
  contact.language = row.optional_text(8);
  contact.read_token = row.optional_text(9);
  return contact;
}

inline constexpr std::string_view kTaskSelect =
    "SELECT id, kind, assistant_id, conversation_id, line_user_id, subject_id, reply_token, reply_token_at, "
    "retry_key, state, attempts, next_attempt_at, last_error, created_at, updated_at, read_token, profile_wait_until "
    "FROM line_outbox t ";

template <class Row>
core::LineTask task_from(const Row& row) {
  core::LineTask task;
  task.id = row.integer(0);
  task.kind = must(core::parse_line_task_kind(row.text(1)), "outbox kind");
  task.assistant_id = row.text(2);
  task.conversation_id = row.text(3);
  task.user_id = row.text(4);
  task.subject_id = row.optional_text(5);
  task.reply_token = row.optional_text(6);
  task.reply_token_at = optional_time_at(row, 7);
  task.retry_key = row.text(8);
  task.state = must(core::parse_delivery_state(row.text(9)), "outbox state");
  task.attempts = static_cast<int>(row.integer(10));
  task.next_attempt_at = time_at(row, 11);
  task.last_error = row.text(12);
  task.created_at = time_at(row, 13);
  task.updated_at = time_at(row, 14);
  task.read_token = row.optional_text(15);
  task.profile_wait_until = optional_time_at(row, 16);
  return task;
}

// The columns attachment_from reads first, then the message they belong to.
inline constexpr std::string_view kAttachmentSelect =
    "SELECT id, kind, source_id, file_name, content_type, size, status, created_at, conversation_id, message_id, "
    "width, height, preview_type FROM attachments ";

// An attachment from a row of kAttachmentSelect.
template <class Row>
core::Attachment whole_attachment_from(const Row& row) {
  auto attachment = attachment_from(row, 0);
  attachment.conversation_id = row.text(8);
  attachment.message_id = row.text(9);
  attachment.width = static_cast<int>(row.integer(10));
  attachment.height = static_cast<int>(row.integer(11));
  attachment.preview_type = row.text(12);
  return attachment;
}

}  // namespace detail

template <class Db>
std::optional<core::LineContact> SqlReadTxn<Db>::line_contact(const core::Id& assistant_id, std::string_view user_id) {
  auto row = this->db_.prepare(std::string(detail::kContactSelect) + "WHERE assistant_id = ? AND line_user_id = ?" +
                               this->row_lock("line_contacts"));
  row.bind(1, assistant_id).bind(2, user_id);
  if (!row.step()) return std::nullopt;
  return detail::contact_from(row);
}

template <class Db>
std::optional<core::Id> SqlReadTxn<Db>::line_conversation_of(const core::Id& assistant_id, std::string_view user_id) {
  auto row = this->db_.prepare("SELECT conversation_id FROM line_contacts WHERE assistant_id = ? AND line_user_id = ?");
  row.bind(1, assistant_id).bind(2, user_id);
  if (!row.step()) return std::nullopt;
  return row.text(0);
}

template <class Db>
std::optional<core::LineContact> SqlReadTxn<Db>::line_contact_of(const core::Id& conversation_id) {
  auto row = this->db_.prepare(std::string(detail::kContactSelect) + "WHERE conversation_id = ?" +
                               this->row_lock("line_contacts"));
  row.bind(1, conversation_id);
  if (!row.step()) return std::nullopt;
  return detail::contact_from(row);
}

template <class Db>
std::optional<core::LineTask> SqlReadTxn<Db>::line_task(std::int64_t id) {
  auto row = this->db_.prepare(std::string(detail::kTaskSelect) + "WHERE id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::task_from(row);
}

template <class Db>
std::vector<core::LineTask> SqlReadTxn<Db>::due_line_tasks(core::TimePoint now, int limit) {
  // Time order: SQLite's fixed-width RFC 3339 text sorts as time; PostgreSQL compares timestamptz.
  auto row =
      this->db_.prepare(std::string(detail::kTaskSelect) +
                        "WHERE t.state = 'pending' AND t.next_attempt_at <= ? AND (t.kind <> 'message' OR NOT EXISTS "
                        "(SELECT 1 FROM line_outbox e WHERE e.conversation_id = t.conversation_id AND e.kind = "
                        "'message' AND e.state = 'pending' AND e.id < t.id)) AND (t.profile_wait_until IS NULL OR "
                        "t.profile_wait_until <= ? OR NOT EXISTS (SELECT 1 FROM line_outbox p WHERE "
                        "p.conversation_id = t.conversation_id AND p.kind = 'profile' AND p.state = 'pending')) "
                        "ORDER BY t.id LIMIT ?");
  const auto at = core::format_time(now);
  row.bind(1, at).bind(2, at).bind(3, static_cast<std::int64_t>(limit));
  std::vector<core::LineTask> tasks;
  while (row.step()) tasks.push_back(detail::task_from(row));
  return tasks;
}

template <class Db>
std::vector<core::LineTask> SqlReadTxn<Db>::pending_messages_after(const core::Id& conversation_id,
                                                                   std::int64_t after_id, int limit) {
  auto row =
      this->db_.prepare(std::string(detail::kTaskSelect) +
                        "WHERE t.conversation_id = ? AND t.kind = 'message' AND t.state = 'pending' AND t.id > ? "
                        "ORDER BY t.id LIMIT ?");
  row.bind(1, conversation_id).bind(2, after_id).bind(3, static_cast<std::int64_t>(limit));
  std::vector<core::LineTask> tasks;
  while (row.step()) tasks.push_back(detail::task_from(row));
  return tasks;
}

template <class Db>
std::optional<core::TimePoint> SqlReadTxn<Db>::next_line_task_after(core::TimePoint now) {
  auto row =
      this->db_.prepare("SELECT MIN(next_attempt_at) FROM line_outbox WHERE state = 'pending' AND next_attempt_at > ?");
  const auto at = core::format_time(now);
  row.bind(1, at);
  std::optional<core::TimePoint> next;
  if (row.step()) next = optional_time_at(row, 0);
  // A message held for its customer's profile falls due when the wait ends (sooner when the
  // profile comes: its outcome wakes the worker).
  auto held = this->db_.prepare(
      "SELECT MIN(t.profile_wait_until) FROM line_outbox t WHERE t.state = 'pending' AND t.profile_wait_until > ? "
      "AND t.next_attempt_at <= t.profile_wait_until AND EXISTS (SELECT 1 FROM line_outbox p WHERE "
      "p.conversation_id = t.conversation_id AND p.kind = 'profile' AND p.state = 'pending')");
  held.bind(1, at);
  if (held.step()) {
    if (auto until = optional_time_at(held, 0); until && (!next || *until < *next)) next = until;
  }
  return next;
}

template <class Db>
std::int64_t SqlReadTxn<Db>::line_pushes(const core::Id& assistant_id, std::string_view month) {
  auto row = this->db_.prepare("SELECT pushes FROM line_push_counts WHERE assistant_id = ? AND month = ?");
  row.bind(1, assistant_id).bind(2, month);
  if (!row.step()) return 0;
  return row.integer(0);
}

template <class Db>
std::optional<core::Attachment> SqlReadTxn<Db>::attachment(const core::Id& id) {
  auto row = this->db_.prepare(std::string(detail::kAttachmentSelect) + "WHERE id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::whole_attachment_from(row);
}

template <class Db>
std::optional<std::string> SqlReadTxn<Db>::attachment_data(const core::Id& id, bool preview) {
  auto row = this->db_.prepare(preview ? "SELECT preview FROM attachments WHERE id = ? AND status = 'ready'"
                                       : "SELECT data FROM attachments WHERE id = ? AND status = 'ready'");
  row.bind(1, id);
  if (!row.step() || !row.optional_text(0)) return std::nullopt;
  return row.blob(0);
}

template <class Db>
bool SqlWriteTxn<Db>::insert_line_event(std::string_view webhook_event_id, const core::Id& assistant_id,
                                        core::TimePoint received_at) {
  this->db_
      .prepare(
          "INSERT INTO line_webhook_events (webhook_event_id, assistant_id, received_at) VALUES (?, ?, ?) "
          "ON CONFLICT (webhook_event_id) DO NOTHING")
      .bind(1, webhook_event_id)
      .bind(2, assistant_id)
      .bind(3, core::format_time(received_at))
      .run();
  return this->db_.changes() > 0;
}

template <class Db>
void SqlWriteTxn<Db>::forget_line_events_before(core::TimePoint before) {
  this->db_.prepare("DELETE FROM line_webhook_events WHERE received_at < ?").bind(1, core::format_time(before)).run();
}

namespace detail {
inline constexpr const char* kInsertContact =
    "INSERT INTO line_contacts (assistant_id, line_user_id, conversation_id, following, reply_token, "
    "reply_token_at, created_at, updated_at, language, read_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

template <class Statement>
void bind_contact(Statement& statement, const core::LineContact& c) {
  statement.bind(1, c.assistant_id)
      .bind(2, c.user_id)
      .bind(3, c.conversation_id)
      .bind(4, std::int64_t{c.following})
      .bind(5, c.reply_token)
      .bind(6, optional_time_text(c.reply_token_at))
      .bind(7, core::format_time(c.created_at))
      .bind(8, core::format_time(c.updated_at))
      .bind(9, c.language)
      .bind(10, c.read_token);
}
}  // namespace detail

template <class Db>
void SqlWriteTxn<Db>::upsert_line_contact(const core::LineContact& c) {
  auto statement = this->db_.prepare(std::string(detail::kInsertContact) +
                                     " ON CONFLICT (assistant_id, line_user_id) DO UPDATE SET following = "
                                     "excluded.following, reply_token = excluded.reply_token, reply_token_at = "
                                     "excluded.reply_token_at, updated_at = excluded.updated_at, language = "
                                     "excluded.language, read_token = excluded.read_token");
  detail::bind_contact(statement, c);
  statement.run();
}

template <class Db>
void SqlWriteTxn<Db>::insert_line_contact(const core::LineContact& c) {
  auto statement = this->db_.prepare(detail::kInsertContact);
  detail::bind_contact(statement, c);
  statement.run();
}

template <class Db>
core::LineTask SqlWriteTxn<Db>::insert_line_task(core::LineTask t) {
  auto row = this->db_.prepare(
      "INSERT INTO line_outbox (kind, assistant_id, conversation_id, line_user_id, subject_id, reply_token, "
      "reply_token_at, retry_key, state, attempts, next_attempt_at, last_error, created_at, updated_at, read_token, "
      "profile_wait_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  row.bind(1, core::name_of(t.kind))
      .bind(2, t.assistant_id)
      .bind(3, t.conversation_id)
      .bind(4, t.user_id)
      .bind(5, t.subject_id)
      .bind(6, t.reply_token)
      .bind(7, optional_time_text(t.reply_token_at))
      .bind(8, t.retry_key)
      .bind(9, core::name_of(t.state))
      .bind(10, std::int64_t{t.attempts})
      .bind(11, core::format_time(t.next_attempt_at))
      .bind(12, t.last_error)
      .bind(13, core::format_time(t.created_at))
      .bind(14, core::format_time(t.updated_at))
      .bind(15, t.read_token)
      .bind(16, optional_time_text(t.profile_wait_until));
  if (!row.step()) throw StoreError("insert_line_task: no id");
  t.id = row.integer(0);
  row.run();
  return t;
}

template <class Db>
void SqlWriteTxn<Db>::update_line_task(const core::LineTask& t) {
  this->db_
      .prepare(
          "UPDATE line_outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, reply_token = ?, "
          "reply_token_at = ?, updated_at = ? WHERE id = ?")
      .bind(1, core::name_of(t.state))
      .bind(2, std::int64_t{t.attempts})
      .bind(3, core::format_time(t.next_attempt_at))
      .bind(4, t.last_error)
      .bind(5, t.reply_token)
      .bind(6, optional_time_text(t.reply_token_at))
      .bind(7, core::format_time(t.updated_at))
      .bind(8, t.id)
      .run();
}

template <class Db>
bool SqlWriteTxn<Db>::claim_line_task(std::int64_t id, core::TimePoint now, core::TimePoint until) {
  // A conditional update: on PostgreSQL a second node's UPDATE waits for the first's commit,
  // then finds the row no longer due and changes nothing.
  this->db_
      .prepare("UPDATE line_outbox SET next_attempt_at = ? WHERE id = ? AND state = 'pending' AND next_attempt_at <= ?")
      .bind(1, core::format_time(until))
      .bind(2, id)
      .bind(3, core::format_time(now))
      .run();
  return this->db_.changes() == 1;
}

template <class Db>
void SqlWriteTxn<Db>::count_line_push(const core::Id& assistant_id, std::string_view month) {
  this->db_
      .prepare(
          "INSERT INTO line_push_counts (assistant_id, month, pushes) VALUES (?, ?, 1) ON CONFLICT (assistant_id, "
          "month) DO UPDATE SET pushes = line_push_counts.pushes + 1")
      .bind(1, assistant_id)
      .bind(2, month)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::insert_attachment(const core::Attachment& a) {
  this->db_
      .prepare(
          "INSERT INTO attachments (id, conversation_id, message_id, kind, source_id, file_name, content_type, "
          "size, status, created_at, width, height, preview_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, a.id)
      .bind(2, a.conversation_id)
      .bind(3, a.message_id)
      .bind(4, core::name_of(a.kind))
      .bind(5, a.source_id)
      .bind(6, a.file_name)
      .bind(7, a.content_type)
      .bind(8, a.size)
      .bind(9, core::name_of(a.status))
      .bind(10, core::format_time(a.created_at))
      .bind(11, std::int64_t{a.width})
      .bind(12, std::int64_t{a.height})
      .bind(13, a.preview_type)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::store_attachment_data(const core::Id& id, const std::string& data, const std::string& preview) {
  auto row = this->db_.prepare("UPDATE attachments SET data = ?, preview = ? WHERE id = ?");
  row.bind_blob(1, data);
  if (preview.empty())
    row.bind(2, std::optional<std::string>{});
  else
    row.bind_blob(2, preview);
  row.bind(3, id).run();
}

template <class Db>
std::vector<core::Attachment> SqlWriteTxn<Db>::expire_attachments(core::TimePoint before, int limit) {
  std::vector<core::Attachment> expired;
  {
    auto row = this->db_.prepare(std::string(detail::kAttachmentSelect) +
                                 "WHERE status = 'ready' AND created_at < ? ORDER BY created_at LIMIT ?");
    row.bind(1, core::format_time(before)).bind(2, std::int64_t{limit});
    while (row.step()) expired.push_back(detail::whole_attachment_from(row));
  }
  for (auto& attachment : expired) {
    this->db_.prepare("UPDATE attachments SET status = 'expired', data = NULL, preview = NULL WHERE id = ?")
        .bind(1, attachment.id)
        .run();
    attachment.status = core::AttachmentStatus::expired;
  }
  return expired;
}

template <class Db>
void SqlWriteTxn<Db>::update_attachment(const core::Attachment& a, const std::optional<std::string>& data) {
  auto row =
      this->db_.prepare(data ? "UPDATE attachments SET status = ?, content_type = ?, size = ?, data = ? WHERE id = ?"
                             : "UPDATE attachments SET status = ?, content_type = ?, size = ? WHERE id = ?");
  row.bind(1, core::name_of(a.status)).bind(2, a.content_type).bind(3, a.size);
  if (data)
    row.bind_blob(4, *data).bind(5, a.id);
  else
    row.bind(4, a.id);
  row.run();
}

template <class Db>
std::optional<core::LineChannel> SqlReadTxn<Db>::line_channel(const core::Id& assistant_id) {
  auto row = this->db_.prepare(
      "SELECT assistant_id, channel_secret, channel_access_token, updated_at FROM line_channels WHERE assistant_id = "
      "?");
  row.bind(1, assistant_id);
  if (!row.step()) return std::nullopt;
  return core::LineChannel{row.text(0), row.text(1), row.text(2), time_at(row, 3)};
}
template <class Db>
void SqlWriteTxn<Db>::upsert_line_channel(const core::LineChannel& c) {
  this->db_
      .prepare(
          "INSERT INTO line_channels (assistant_id, channel_secret, channel_access_token, updated_at) "
          "VALUES (?, ?, ?, ?) ON CONFLICT (assistant_id) DO UPDATE SET channel_secret = excluded.channel_secret, "
          "channel_access_token = excluded.channel_access_token, updated_at = excluded.updated_at")
      .bind(1, c.assistant_id)
      .bind(2, c.channel_secret)
      .bind(3, c.channel_access_token)
      .bind(4, core::format_time(c.updated_at))
      .run();
}

}  // namespace baton::store::sql
