// The store queries for the conversation event log (conversation_events).
// Definitions of SqlReadTxn/SqlWriteTxn members, included once per store where the class
// templates are instantiated for that store's connection type.
#pragma once

#include <charconv>

#include "core/names.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {
namespace detail {

inline constexpr std::string_view kEventColumns =
    "id, conversation_id, episode_id, seq, type, at, actor_type, actor_id, data, duration_ms, business_duration_ms";

inline std::optional<std::int64_t> optional_number(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) throw StoreError("not a whole number: " + *text);
  return value;
}

inline std::optional<std::string> optional_number_text(const std::optional<std::int64_t>& value) {
  if (!value) return std::nullopt;
  return std::to_string(*value);
}

template <class Row>
core::ConversationEvent event_at(const Row& row) {
  core::ConversationEvent event;
  event.id = row.text(0);
  event.conversation_id = row.text(1);
  event.episode_id = row.text(2);
  event.seq = row.integer(3);
  event.type = core::parse_log_event_type(row.text(4)).value_or(core::LogEventType::handoff_requested);
  event.at = time_at(row, 5);
  event.actor = core::parse_actor_type(row.text(6)).value_or(core::ActorType::system);
  event.actor_id = row.optional_text(7);
  event.data = row.text(8);
  event.duration_ms = optional_number(row.optional_text(9));
  event.business_duration_ms = optional_number(row.optional_text(10));
  return event;
}

template <class Statement>
std::vector<core::ConversationEvent> events_of(Statement& row) {
  std::vector<core::ConversationEvent> events;
  while (row.step()) events.push_back(event_at(row));
  return events;
}

}  // namespace detail

template <class Db>
std::vector<core::ConversationEvent> SqlReadTxn<Db>::conversation_events(const core::Id& conversation_id,
                                                                         std::int64_t after_seq, int limit) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kEventColumns,
                                   " FROM conversation_events WHERE conversation_id = ? AND seq > ? ORDER BY seq "
                                   "LIMIT ?"));
  row.bind(1, conversation_id).bind(2, after_seq).bind(3, static_cast<std::int64_t>(limit));
  return detail::events_of(row);
}

template <class Db>
std::optional<core::ConversationEvent> SqlReadTxn<Db>::last_conversation_event(const core::Id& conversation_id) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kEventColumns,
                                   " FROM conversation_events WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1"));
  row.bind(1, conversation_id);
  if (!row.step()) return std::nullopt;
  return detail::event_at(row);
}

template <class Db>
std::vector<core::ConversationEvent> SqlReadTxn<Db>::episode_events(const core::Id& conversation_id,
                                                                    const core::Id& episode_id) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kEventColumns,
                                   " FROM conversation_events WHERE conversation_id = ? AND episode_id = ? "
                                   "ORDER BY seq"));
  row.bind(1, conversation_id).bind(2, episode_id);
  return detail::events_of(row);
}

template <class Db>
void SqlWriteTxn<Db>::append_conversation_event(const core::ConversationEvent& event) {
  this->db_
      .prepare(
          sql("INSERT INTO conversation_events (", detail::kEventColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
      .bind(1, event.id)
      .bind(2, event.conversation_id)
      .bind(3, event.episode_id)
      .bind(4, event.seq)
      .bind(5, core::name_of(event.type))
      .bind(6, core::format_time(event.at))
      .bind(7, core::name_of(event.actor))
      .bind(8, event.actor_id)
      .bind(9, event.data)
      .bind(10, detail::optional_number_text(event.duration_ms))
      .bind(11, detail::optional_number_text(event.business_duration_ms))
      .run();
}

}  // namespace baton::store::sql
