// The store queries for conversations, their messages, and the visitors' tokens.
// Definitions of SqlReadTxn/SqlWriteTxn members, included once per store where the class
// templates are instantiated for that store's connection type.
#pragma once

#include <algorithm>

#include "core/names.hpp"
#include "core/time.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {
namespace detail {

inline constexpr std::string_view kMessageColumns =
    "m.id, m.conversation_id, m.seq, m.sender, m.agent_id, m.text, m.event, m.client_id, m.created_at, "
    "(SELECT name FROM agents WHERE agents.id = m.agent_id), m.knowledge_id, m.ai_fallback, "
    "a.id, a.kind, a.source_id, a.file_name, a.content_type, a.size, a.status, a.created_at, o.state, o.last_error, "
    "m.notice_queue_position, m.notice_closed, m.notice_next_open_at, m.notice_time_zone, m.notice_custom_text, "
    "m.notice_survey_id, m.notice_csat_score, m.notice_csat_comment, "

    // A web visitor's e-mail follow-up: the newest e-mail that holds this agent message, once it
    // is being sent (a gathering or cancelled one says nothing to agents).
    "(SELECT CASE WHEN e.state IN ('sending', 'retry') THEN 'pending' ELSE e.state END FROM email_outbox e "
    "WHERE e.conversation_id = m.conversation_id AND m.sender = 'agent' AND m.seq BETWEEN e.first_seq AND "
    "e.last_seq AND e.state IN ('sending', 'retry', 'sent', 'failed') ORDER BY e.id DESC LIMIT 1), "
    "(SELECT e.last_error FROM email_outbox e WHERE e.conversation_id = m.conversation_id AND m.sender = 'agent' "
    "AND m.seq BETWEEN e.first_seq AND e.last_seq AND e.state IN ('sending', 'retry', 'sent', 'failed') ORDER BY "
    "e.id DESC LIMIT 1), "
    // The attachment's pixels and preview (added last, so the columns above keep their places).
    "a.width, a.height, a.preview_type";
// A message's attachment and, for a message to a LINE customer, how its delivery went.
inline constexpr std::string_view kMessageJoins =
    " LEFT JOIN attachments a ON a.message_id = m.id"
    " LEFT JOIN line_outbox o ON o.subject_id = m.id AND o.kind = 'message' ";

template <class Row>
core::Message message_from(const Row& row, int first = 0) {
  core::Message message;
  message.id = row.text(first);
  message.conversation_id = row.text(first + 1);
  message.seq = row.integer(first + 2);
  message.sender = must(core::parse_sender(row.text(first + 3)), "sender");
  message.agent_id = row.optional_text(first + 4);
  message.text = row.text(first + 5);
  message.event = must(core::parse_system_event(row.text(first + 6)), "event");
  message.client_id = row.optional_text(first + 7);
  message.created_at = time_at(row, first + 8);
  message.agent_name = row.optional_text(first + 9);
  message.knowledge_id = row.optional_text(first + 10);
  message.ai_fallback = row.integer(first + 11) != 0;
  if (row.optional_text(first + 12)) {
    message.attachment = attachment_from(row, first + 12);
    message.attachment->conversation_id = message.conversation_id;
    message.attachment->message_id = message.id;
  }
  if (auto state = row.optional_text(first + 20)) {
    message.delivery = core::Delivery{must(core::parse_delivery_state(*state), "delivery state"), row.text(first + 21)};
  }
  message.notice.queue_position = optional_count(row, first + 22);
  message.notice.closed = row.integer(first + 23) != 0;
  message.notice.next_open_at = optional_time_at(row, first + 24);
  message.notice.time_zone = row.text(first + 25);
  message.notice.custom_text = row.integer(first + 26) != 0;
  message.notice.survey_id = row.optional_text(first + 27);
  if (const auto score = optional_count(row, first + 28)) message.notice.csat_score = static_cast<int>(*score);
  message.notice.csat_comment = row.optional_text(first + 29);
  if (auto state = row.optional_text(first + 30)) {
    message.delivery = core::Delivery{must(core::parse_delivery_state(*state), "e-mail delivery state"),
                                      row.optional_text(first + 31).value_or(""), core::DeliveryChannel::email};
  }
  if (message.attachment) {
    message.attachment->width = static_cast<int>(row.integer(first + 32));
    message.attachment->height = static_cast<int>(row.integer(first + 33));
    message.attachment->preview_type = row.text(first + 34);
  }
  return message;
}

// The conversation's own columns (conversation_head_from reads them).
inline constexpr std::string_view kConversationColumns =
    "c.id, c.assistant_id, c.channel, c.status, c.contact_id, c.contact_name, c.contact_detail, "
    "c.assigned_agent_id, c.handoff_requested_at, c.handoff_reason, c.offline_request, c.last_seq, "
    "c.created_at, c.updated_at, c.contact_picture_url, c.version, c.labels";

// The conversation with its last message (joined on seq = last_seq).
inline const std::string kConversationSelect =
    "SELECT " + std::string(kConversationColumns) + ", " + std::string(detail::kMessageColumns) +
    " FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq" +
    std::string(detail::kMessageJoins);

template <class Row>
core::Conversation conversation_head_from(const Row& row) {
  core::Conversation conversation;
  conversation.id = row.text(0);
  conversation.assistant_id = row.text(1);
  conversation.channel = must(core::parse_channel(row.text(2)), "channel");
  conversation.status = must(core::parse_status(row.text(3)), "status");
  conversation.contact = core::Contact{row.text(4), row.text(5), row.optional_text(6)};
  conversation.assigned_agent_id = row.optional_text(7);
  conversation.handoff_requested_at = optional_time_at(row, 8);
  conversation.handoff_reason = must(core::parse_handoff_reason(row.text(9)), "handoff_reason");
  conversation.offline_request = row.integer(10) != 0;
  conversation.last_seq = row.integer(11);
  conversation.created_at = time_at(row, 12);
  conversation.updated_at = time_at(row, 13);
  conversation.contact.picture_url = row.optional_text(14);
  conversation.version = row.integer(15);
  conversation.labels = split_ids(row.text(16));
  return conversation;
}

template <class Row>
core::Conversation conversation_from(const Row& row) {
  auto conversation = conversation_head_from(row);
  if (row.optional_text(17)) conversation.last_message = detail::message_from(row, 17);
  return conversation;
}

}  // namespace detail

template <class Db>
std::optional<core::Conversation> SqlReadTxn<Db>::conversation(const core::Id& id) {
  // In a write, the row lock comes first, on its own: a locked read that joins the last message
  // and waits behind another append would re-check only the conversation row after the wait,
  // and come back with the message row it saw before (stale, or none).
  if (const auto lock = this->row_lock("conversations"); !lock.empty()) {
    auto locked = this->db_.prepare("SELECT 1 FROM conversations WHERE id = ?" + lock);
    locked.bind(1, id);
    if (!locked.step()) return std::nullopt;
  }
  auto row = this->db_.prepare(detail::kConversationSelect + "WHERE c.id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::conversation_from(row);
}

template <class Db>
std::optional<core::Conversation> SqlReadTxn<Db>::conversation_head(const core::Id& id) {
  static const std::string select =
      "SELECT " + std::string(detail::kConversationColumns) + " FROM conversations c WHERE c.id = ?";
  // In a write, the row is locked as it is read (no join here to go stale behind the lock).
  auto row = this->db_.prepare(select + this->row_lock("c"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::conversation_head_from(row);
}

template <class Db>
int SqlReadTxn<Db>::queue_position(const core::Id& assistant_id, core::TimePoint requested_at,
                                   const core::Id& conversation_id) {
  // SQLite stores times as text in one fixed-width RFC 3339 form, so its text order is time order;
  // PostgreSQL compares timestamptz.
  const auto at = core::format_time(requested_at);
  auto row = this->db_.prepare(
      "SELECT COUNT(*) FROM conversations WHERE assistant_id = ? AND status = 'waiting' AND offline_request = false "
      "AND (handoff_requested_at < ? OR (handoff_requested_at = ? AND id <= ?))");
  row.bind(1, assistant_id).bind(2, at).bind(3, at).bind(4, conversation_id);
  row.step();
  return static_cast<int>(row.integer(0));
}

template <class Db>
std::vector<core::Id> SqlReadTxn<Db>::waiting_queue(const core::Id& assistant_id, int limit) {
  auto row = this->db_.prepare(
      "SELECT id FROM conversations WHERE assistant_id = ? AND status = 'waiting' AND offline_request = false "
      "ORDER BY handoff_requested_at, id LIMIT ?");
  row.bind(1, assistant_id).bind(2, static_cast<std::int64_t>(limit));
  std::vector<core::Id> ids;
  while (row.step()) ids.push_back(row.text(0));
  return ids;
}

template <class Db>
std::vector<core::Id> SqlReadTxn<Db>::assignment_queue(const core::Id& assistant_id, int limit) {
  auto row = this->db_.prepare(
      "SELECT id FROM conversations WHERE assistant_id = ? AND status = 'waiting' "
      "ORDER BY offline_request, handoff_requested_at, id LIMIT ?");
  row.bind(1, assistant_id).bind(2, static_cast<std::int64_t>(limit));
  std::vector<core::Id> ids;
  while (row.step()) ids.push_back(row.text(0));
  return ids;
}

template <class Db>
QueueSummary SqlReadTxn<Db>::queue_summary(const core::Id& assistant_id) {
  QueueSummary summary;
  auto count = this->db_.prepare("SELECT COUNT(*) FROM conversations WHERE assistant_id = ? AND status = 'waiting'");
  count.bind(1, assistant_id);
  if (count.step()) summary.waiting = static_cast<int>(count.integer(0));
  auto first = this->db_.prepare(
      "SELECT handoff_requested_at FROM conversations WHERE assistant_id = ? AND status = 'waiting' "
      "ORDER BY offline_request, handoff_requested_at, id LIMIT 1");
  first.bind(1, assistant_id);
  if (first.step()) summary.oldest_waiting_since = optional_time_at(first, 0);
  return summary;
}

template <class Db>
std::vector<core::Conversation> SqlReadTxn<Db>::live_conversations_of(const core::Id& agent_id) {
  auto row = this->db_.prepare(detail::kConversationSelect +
                               "WHERE c.status = 'live' AND c.assigned_agent_id = ? ORDER BY c.id");
  row.bind(1, agent_id);
  std::vector<core::Conversation> found;
  while (row.step()) found.push_back(detail::conversation_from(row));
  return found;
}

template <class Db>
LastSpoken SqlReadTxn<Db>::last_spoken(const core::Id& conversation_id, const core::Id& agent_id) {
  auto row = this->db_.prepare(
      "SELECT MAX(CASE WHEN sender = 'customer' THEN seq END), "
      "MAX(CASE WHEN sender = 'agent' AND agent_id = ? THEN seq END) FROM messages WHERE conversation_id = ?");
  row.bind(1, agent_id).bind(2, conversation_id);
  LastSpoken spoken;
  if (!row.step()) return spoken;
  if (auto customer = row.optional_text(0)) spoken.customer_seq = std::stoll(*customer);
  if (auto agent = row.optional_text(1)) spoken.agent_seq = std::stoll(*agent);
  return spoken;
}

template <class Db>
void SqlWriteTxn<Db>::lock_rows(std::vector<LockKey> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (const auto& key : keys) {
    const bool agent = key.table == LockKey::Table::agent;
    auto row = this->db_.prepare(agent ? "SELECT 1 FROM agents WHERE id = ?" + this->row_lock("agents")
                                       : "SELECT 1 FROM conversations WHERE id = ?" + this->row_lock("conversations"));
    row.bind(1, key.id);
    row.step();
  }
}

template <class Db>
void SqlWriteTxn<Db>::lock_routing(const core::Id& assistant_id) {
  if (auto statement = Db::routing_lock()) this->db_.prepare(*statement).bind(1, assistant_id).run();
}

template <class Db>
std::vector<core::Conversation> SqlReadTxn<Db>::conversations(const ConversationFilter& filter) {
  std::string query = detail::kConversationSelect + "WHERE 1 = 1";
  if (!filter.statuses.empty()) {
    query += " AND c.status IN (";
    for (std::size_t i = 0; i < filter.statuses.size(); ++i) query += i ? ", ?" : "?";
    query += ")";
  }
  if (filter.assistant_id) query += " AND c.assistant_id = ?";
  if (filter.before) query += " AND (c.updated_at < ? OR (c.updated_at = ? AND c.id < ?))";
  if (filter.updated_after) query += " AND c.updated_at > ?";
  if (filter.label) {
    query += " AND EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = c.id AND l.label = ?)";
  }
  query += " ORDER BY c.updated_at DESC, c.id DESC LIMIT ?";
  auto row = this->db_.prepare(query);
  int index = 1;
  for (auto status : filter.statuses) row.bind(index++, core::name_of(status));
  if (filter.assistant_id) row.bind(index++, *filter.assistant_id);
  if (filter.before) {
    const std::string at = core::format_time(filter.before->updated_at);
    row.bind(index, at).bind(index + 1, at).bind(index + 2, filter.before->id);
    index += 3;
  }
  if (filter.updated_after) row.bind(index++, core::format_time(*filter.updated_after));
  if (filter.label) row.bind(index++, *filter.label);
  row.bind(index, static_cast<std::int64_t>(filter.limit));
  std::vector<core::Conversation> conversations;
  while (row.step()) conversations.push_back(detail::conversation_from(row));
  return conversations;
}

template <class Db>
std::vector<core::Message> SqlReadTxn<Db>::messages(const core::Id& conversation_id, std::int64_t after_seq,
                                                    int limit) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kMessageColumns,
                                   " FROM messages m" + std::string(detail::kMessageJoins) +
                                       "WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?"));
  row.bind(1, conversation_id).bind(2, after_seq).bind(3, static_cast<std::int64_t>(limit));
  std::vector<core::Message> messages;
  while (row.step()) messages.push_back(detail::message_from(row));
  return messages;
}

template <class Db>
std::vector<core::Message> SqlReadTxn<Db>::messages_before(const core::Id& conversation_id, std::int64_t before_seq,
                                                           int limit) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kMessageColumns,
                                   " FROM messages m" + std::string(detail::kMessageJoins) +
                                       "WHERE m.conversation_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?"));
  row.bind(1, conversation_id).bind(2, before_seq).bind(3, static_cast<std::int64_t>(limit));
  std::vector<core::Message> messages;
  while (row.step()) messages.push_back(detail::message_from(row));
  std::reverse(messages.begin(), messages.end());
  return messages;
}

template <class Db>
std::optional<core::Message> SqlReadTxn<Db>::message_by_client_id(const core::Id& conversation_id,
                                                                  std::string_view client_id) {
  auto row = this->db_.prepare(
      sql("SELECT ", detail::kMessageColumns,
          " FROM messages m" + std::string(detail::kMessageJoins) + "WHERE m.conversation_id = ? AND m.client_id = ?"));
  row.bind(1, conversation_id).bind(2, client_id);
  if (!row.step()) return std::nullopt;
  return detail::message_from(row);
}

template <class Db>
std::optional<core::Message> SqlReadTxn<Db>::message(const core::Id& message_id) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kMessageColumns,
                                   " FROM messages m" + std::string(detail::kMessageJoins) + "WHERE m.id = ?"));
  row.bind(1, message_id);
  if (!row.step()) return std::nullopt;
  return detail::message_from(row);
}

template <class Db>
std::optional<Visitor> SqlReadTxn<Db>::visitor(std::string_view token_hash) {
  auto row = this->db_.prepare("SELECT token_hash, conversation_id, assistant_id FROM visitors WHERE token_hash = ?");
  row.bind(1, token_hash);
  if (!row.step()) return std::nullopt;
  return Visitor{row.text(0), row.text(1), row.text(2)};
}

template <class Db>
void SqlWriteTxn<Db>::insert_conversation(const core::Conversation& c) {
  this->db_
      .prepare(
          "INSERT INTO conversations (id, assistant_id, channel, status, contact_id, contact_name, "
          "contact_detail, assigned_agent_id, handoff_requested_at, handoff_reason, offline_request, "
          "last_seq, created_at, updated_at, contact_picture_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")
      .bind(1, c.id)
      .bind(2, c.assistant_id)
      .bind(3, core::name_of(c.channel))
      .bind(4, core::name_of(c.status))
      .bind(5, c.contact.id)
      .bind(6, c.contact.name)
      .bind(7, c.contact.contact)
      .bind(8, c.assigned_agent_id)
      .bind(9, c.handoff_requested_at ? std::optional(core::format_time(*c.handoff_requested_at)) : std::nullopt)
      .bind(10, core::name_of(c.handoff_reason))
      .bind(11, std::int64_t{c.offline_request})
      .bind(12, core::format_time(c.created_at))
      .bind(13, core::format_time(c.updated_at))
      .bind(14, c.contact.picture_url)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::update_conversation(const core::Conversation& c) {
  this->db_
      .prepare(
          "UPDATE conversations SET status = ?, contact_name = ?, contact_detail = ?, assigned_agent_id = ?, "
          "handoff_requested_at = ?, handoff_reason = ?, offline_request = ?, updated_at = ?, "
          "contact_picture_url = ?, version = version + 1 WHERE id = ?")
      .bind(1, core::name_of(c.status))
      .bind(2, c.contact.name)
      .bind(3, c.contact.contact)
      .bind(4, c.assigned_agent_id)
      .bind(5, c.handoff_requested_at ? std::optional(core::format_time(*c.handoff_requested_at)) : std::nullopt)
      .bind(6, core::name_of(c.handoff_reason))
      .bind(7, std::int64_t{c.offline_request})
      .bind(8, core::format_time(c.updated_at))
      .bind(9, c.contact.picture_url)
      .bind(10, c.id)
      .run();
}

template <class Db>
core::Message SqlWriteTxn<Db>::append_message(core::Message message) {
  auto next = this->db_.prepare(
      "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?, version = version + 1 WHERE id = ? "
      "RETURNING last_seq");
  next.bind(1, core::format_time(message.created_at)).bind(2, message.conversation_id);
  if (!next.step()) throw StoreError("append_message: no conversation " + message.conversation_id);
  message.seq = next.integer(0);
  next.run();
  this->db_
      .prepare(
          "INSERT INTO messages (id, conversation_id, seq, sender, agent_id, text, event, client_id, "
          "created_at, knowledge_id, ai_fallback, notice_queue_position, notice_closed, notice_next_open_at, "
          "notice_time_zone, notice_custom_text, notice_survey_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, "
          "?)")
      .bind(1, message.id)
      .bind(2, message.conversation_id)
      .bind(3, message.seq)
      .bind(4, core::name_of(message.sender))
      .bind(5, message.agent_id)
      .bind(6, message.text)
      .bind(7, core::name_of(message.event))
      .bind(8, message.client_id)
      .bind(9, core::format_time(message.created_at))
      .bind(10, message.knowledge_id)
      .bind(11, static_cast<std::int64_t>(message.ai_fallback))
      .bind(12, optional_count_text(message.notice.queue_position))
      .bind(13, static_cast<std::int64_t>(message.notice.closed))
      .bind(14, optional_time_text(message.notice.next_open_at))
      .bind(15, message.notice.time_zone)
      .bind(16, static_cast<std::int64_t>(message.notice.custom_text))
      .bind(17, message.notice.survey_id)
      .run();
  if (message.agent_id) {
    auto name = this->db_.prepare("SELECT name FROM agents WHERE id = ?");
    name.bind(1, *message.agent_id);
    if (name.step()) message.agent_name = name.text(0);
  }
  return message;
}

template <class Db>
void SqlWriteTxn<Db>::insert_visitor(const Visitor& visitor) {
  this->db_.prepare("INSERT INTO visitors (token_hash, conversation_id, assistant_id) VALUES (?, ?, ?)")
      .bind(1, visitor.token_hash)
      .bind(2, visitor.conversation_id)
      .bind(3, visitor.assistant_id)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::after_commit(std::function<void()> action) {
  after_commit_.push_back(std::move(action));
}

}  // namespace baton::store::sql
