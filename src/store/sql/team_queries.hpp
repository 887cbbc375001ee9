// The store queries for the agents' tools: notes and mentions, canned replies, labels.
// Definitions of SqlReadTxn/SqlWriteTxn members, included once per store where the class
// templates are instantiated for that store's connection type.
#pragma once

#include <algorithm>

#include "core/canned_replies.hpp"
#include "core/time.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {
namespace detail {

inline constexpr std::string_view kNoteColumns =
    "n.id, n.conversation_id, n.agent_id, (SELECT name FROM agents WHERE agents.id = n.agent_id), n.text, "
    "n.mentions, n.created_at";

template <class Row>
core::Note note_from(const Row& row, int first = 0) {
  core::Note note;
  note.id = row.text(first);
  note.conversation_id = row.text(first + 1);
  note.agent_id = row.text(first + 2);
  note.agent_name = row.optional_text(first + 3).value_or("");
  note.text = row.text(first + 4);
  note.mentions = split_ids(row.text(first + 5));
  note.created_at = time_at(row, first + 6);
  return note;
}

inline const std::string kMentionSelect = "SELECT mn.id, mn.agent_id, mn.created_at, mn.read_at, " +
                                          std::string(kNoteColumns) +
                                          " FROM mentions mn JOIN notes n ON n.id = mn.note_id ";

template <class Row>
core::Mention mention_from(const Row& row) {
  core::Mention mention;
  mention.id = row.text(0);
  mention.agent_id = row.text(1);
  mention.created_at = time_at(row, 2);
  mention.read_at = optional_time_at(row, 3);
  mention.note = note_from(row, 4);
  return mention;
}

inline constexpr std::string_view kCannedColumns =
    "id, assistant_id, shortcut, text, created_by, updated_by, created_at, updated_at";

template <class Row>
core::CannedReply canned_reply_from(const Row& row) {
  core::CannedReply reply;
  reply.id = row.text(0);
  reply.assistant_id = row.optional_text(1);
  reply.shortcut = row.text(2);
  reply.text = row.text(3);
  reply.created_by = row.optional_text(4);
  reply.updated_by = row.optional_text(5);
  reply.created_at = time_at(row, 6);
  reply.updated_at = time_at(row, 7);
  return reply;
}

template <class Statement>
std::vector<core::CannedReply> canned_replies_of(Statement& row) {
  std::vector<core::CannedReply> replies;
  while (row.step()) replies.push_back(canned_reply_from(row));
  return replies;
}

// The uniqueness scope of a canned reply: its assistant, or '' for every assistant.
inline std::string scope_of(const std::optional<core::Id>& assistant_id) { return assistant_id.value_or(""); }

}  // namespace detail

template <class Db>
std::vector<core::Note> SqlReadTxn<Db>::notes(const core::Id& conversation_id, int limit) {
  // The newest `limit`, read from the newest back and put in time order.
  auto row = this->db_.prepare(sql("SELECT ", detail::kNoteColumns,
                                   " FROM notes n WHERE n.conversation_id = ? ORDER BY n.created_at DESC, n.id DESC "
                                   "LIMIT ?"));
  row.bind(1, conversation_id).bind(2, static_cast<std::int64_t>(limit));
  std::vector<core::Note> notes;
  while (row.step()) notes.push_back(detail::note_from(row));
  std::reverse(notes.begin(), notes.end());
  return notes;
}

template <class Db>
std::optional<core::Note> SqlReadTxn<Db>::note(const core::Id& id) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kNoteColumns, " FROM notes n WHERE n.id = ?"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::note_from(row);
}

template <class Db>
std::vector<core::Mention> SqlReadTxn<Db>::mentions_of(const core::Id& agent_id, bool unread_only, int limit) {
  auto row = this->db_.prepare(detail::kMentionSelect + "WHERE mn.agent_id = ?" +
                               (unread_only ? " AND mn.read_at IS NULL" : "") +
                               " ORDER BY mn.created_at DESC, mn.id DESC LIMIT ?");
  row.bind(1, agent_id).bind(2, static_cast<std::int64_t>(limit));
  std::vector<core::Mention> mentions;
  while (row.step()) mentions.push_back(detail::mention_from(row));
  return mentions;
}

template <class Db>
std::optional<core::Mention> SqlReadTxn<Db>::mention(const core::Id& id) {
  auto row = this->db_.prepare(detail::kMentionSelect + "WHERE mn.id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::mention_from(row);
}

template <class Db>
std::vector<core::CannedReply> SqlReadTxn<Db>::canned_replies(const std::optional<core::Id>& assistant_id) {
  if (!assistant_id) {
    auto row =
        this->db_.prepare(sql("SELECT ", detail::kCannedColumns, " FROM canned_replies ORDER BY shortcut_key, id"));
    return detail::canned_replies_of(row);
  }
  auto row = this->db_.prepare(
      sql("SELECT ", detail::kCannedColumns, " FROM canned_replies WHERE scope IN ('', ?) ORDER BY shortcut_key, id"));
  row.bind(1, *assistant_id);
  return detail::canned_replies_of(row);
}

template <class Db>
std::optional<core::CannedReply> SqlReadTxn<Db>::canned_reply(const core::Id& id) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kCannedColumns, " FROM canned_replies WHERE id = ?"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::canned_reply_from(row);
}

template <class Db>
std::optional<core::CannedReply> SqlReadTxn<Db>::canned_reply_by_shortcut(const std::optional<core::Id>& assistant_id,
                                                                          std::string_view shortcut) {
  auto row = this->db_.prepare(
      sql("SELECT ", detail::kCannedColumns, " FROM canned_replies WHERE scope = ? AND shortcut_key = ?"));
  row.bind(1, detail::scope_of(assistant_id)).bind(2, core::shortcut_key(shortcut));
  if (!row.step()) return std::nullopt;
  return detail::canned_reply_from(row);
}

template <class Db>
int SqlReadTxn<Db>::canned_reply_count() {
  auto row = this->db_.prepare("SELECT COUNT(*) FROM canned_replies");
  row.step();
  return static_cast<int>(row.integer(0));
}

template <class Db>
std::vector<core::Label> SqlReadTxn<Db>::labels() {
  auto row = this->db_.prepare("SELECT name, color, created_at FROM labels ORDER BY name");
  std::vector<core::Label> labels;
  while (row.step()) labels.push_back(core::Label{row.text(0), row.text(1), time_at(row, 2)});
  return labels;
}

template <class Db>
std::vector<core::Id> SqlReadTxn<Db>::conversations_labelled(std::string_view name) {
  auto row =
      this->db_.prepare("SELECT conversation_id FROM conversation_labels WHERE label = ? ORDER BY conversation_id");
  row.bind(1, name);
  std::vector<core::Id> ids;
  while (row.step()) ids.push_back(row.text(0));
  return ids;
}

template <class Db>
void SqlWriteTxn<Db>::insert_note(const core::Note& note, const std::vector<core::Id>& mention_ids) {
  this->db_
      .prepare(
          "INSERT INTO notes (id, conversation_id, agent_id, text, mentions, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, note.id)
      .bind(2, note.conversation_id)
      .bind(3, note.agent_id)
      .bind(4, note.text)
      .bind(5, join_ids(note.mentions))
      .bind(6, core::format_time(note.created_at))
      .run();
  for (std::size_t i = 0; i < note.mentions.size() && i < mention_ids.size(); ++i) {
    this->db_.prepare("INSERT INTO mentions (id, note_id, agent_id, created_at) VALUES (?, ?, ?, ?)")
        .bind(1, mention_ids[i])
        .bind(2, note.id)
        .bind(3, note.mentions[i])
        .bind(4, core::format_time(note.created_at))
        .run();
  }
}

template <class Db>
bool SqlWriteTxn<Db>::mark_mention_read(const core::Id& agent_id, const core::Id& mention_id, core::TimePoint at) {
  auto found = this->db_.prepare("SELECT 1 FROM mentions WHERE id = ? AND agent_id = ?");
  found.bind(1, mention_id).bind(2, agent_id);
  if (!found.step()) return false;
  this->db_.prepare("UPDATE mentions SET read_at = ? WHERE id = ? AND read_at IS NULL")
      .bind(1, core::format_time(at))
      .bind(2, mention_id)
      .run();
  return true;
}

template <class Db>
void SqlWriteTxn<Db>::insert_canned_reply(const core::CannedReply& reply) {
  this->db_
      .prepare(sql("INSERT INTO canned_replies (", detail::kCannedColumns,
                   ", scope, shortcut_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
      .bind(1, reply.id)
      .bind(2, reply.assistant_id)
      .bind(3, reply.shortcut)
      .bind(4, reply.text)
      .bind(5, reply.created_by)
      .bind(6, reply.updated_by)
      .bind(7, core::format_time(reply.created_at))
      .bind(8, core::format_time(reply.updated_at))
      .bind(9, detail::scope_of(reply.assistant_id))
      .bind(10, core::shortcut_key(reply.shortcut))
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::update_canned_reply(const core::CannedReply& reply) {
  this->db_
      .prepare(
          "UPDATE canned_replies SET assistant_id = ?, scope = ?, shortcut = ?, shortcut_key = ?, text = ?, "
          "updated_by = ?, updated_at = ? WHERE id = ?")
      .bind(1, reply.assistant_id)
      .bind(2, detail::scope_of(reply.assistant_id))
      .bind(3, reply.shortcut)
      .bind(4, core::shortcut_key(reply.shortcut))
      .bind(5, reply.text)
      .bind(6, reply.updated_by)
      .bind(7, core::format_time(reply.updated_at))
      .bind(8, reply.id)
      .run();
}

template <class Db>
bool SqlWriteTxn<Db>::delete_canned_reply(const core::Id& id) {
  this->db_.prepare("DELETE FROM canned_replies WHERE id = ?").bind(1, id).run();
  return this->db_.changes() > 0;
}

template <class Db>
void SqlWriteTxn<Db>::insert_label(const core::Label& label) {
  this->db_.prepare("INSERT INTO labels (name, color, created_at) VALUES (?, ?, ?)")
      .bind(1, label.name)
      .bind(2, label.color)
      .bind(3, core::format_time(label.created_at))
      .run();
}

template <class Db>
bool SqlWriteTxn<Db>::lock_label(std::string_view name) {
  auto row = this->db_.prepare("SELECT 1 FROM labels WHERE name = ?" + Db::key_lock("labels"));
  row.bind(1, name);
  return row.step();
}

template <class Db>
bool SqlWriteTxn<Db>::delete_label(std::string_view name) {
  this->db_.prepare("DELETE FROM labels WHERE name = ?").bind(1, name).run();
  return this->db_.changes() > 0;
}

template <class Db>
void SqlWriteTxn<Db>::set_conversation_labels(const core::Id& conversation_id, const std::vector<std::string>& labels) {
  this->db_.prepare("DELETE FROM conversation_labels WHERE conversation_id = ?").bind(1, conversation_id).run();
  for (const auto& label : labels) {
    this->db_.prepare("INSERT INTO conversation_labels (conversation_id, label) VALUES (?, ?)")
        .bind(1, conversation_id)
        .bind(2, label)
        .run();
  }
  this->db_.prepare("UPDATE conversations SET labels = ?, version = version + 1 WHERE id = ?")
      .bind(1, join_ids(labels))
      .bind(2, conversation_id)
      .run();
}

}  // namespace baton::store::sql
