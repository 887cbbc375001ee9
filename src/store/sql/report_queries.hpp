// The store queries for reports (store/report_txn.hpp), written once for SQLite and PostgreSQL.
// Definitions of SqlReadTxn members, included once per store where the class templates are
// instantiated for that store's connection type.
#pragma once

#include "core/names.hpp"
#include "store/sql/event_queries.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {
namespace detail {

// The scope's filters on `c` (conversations), each off when its two parameters are ''.
inline constexpr std::string_view kReportFilters =
    " AND (? = '' OR c.assistant_id = ?) AND (? = '' OR c.channel = ?)"
    " AND (? = '' OR EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = c.id AND l.label = ?))";

template <class Statement>
void bind_report_filters(Statement& statement, int first, const ReportScope& scope) {
  const std::string assistant = scope.assistant_id.value_or("");
  const std::string channel = scope.channel ? std::string(core::name_of(*scope.channel)) : "";
  const std::string label = scope.label.value_or("");
  statement.bind(first, assistant).bind(first + 1, assistant);
  statement.bind(first + 2, channel).bind(first + 3, channel);
  statement.bind(first + 4, label).bind(first + 5, label);
}

}  // namespace detail

template <class Db>
std::vector<core::ReportEvent> SqlReadTxn<Db>::report_events(const ReportScope& scope) {
  auto row = this->db_.prepare(
      sql("SELECT e.id, e.conversation_id, e.episode_id, e.seq, e.type, e.at, e.actor_type, e.actor_id, e.data, "
          "e.duration_ms, e.business_duration_ms, c.assistant_id, c.channel "
          "FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id "
          "WHERE ((e.at >= ? AND e.at < ?) OR (e.episode_id <> '' AND e.episode_id IN "
          "(SELECT r.episode_id FROM conversation_events r WHERE r.at >= ? AND r.at < ? AND r.episode_id <> '')))",
          detail::kReportFilters, " ORDER BY e.conversation_id, e.seq"));
  const auto from = core::format_time(scope.from);
  const auto to = core::format_time(scope.to);
  row.bind(1, from).bind(2, to).bind(3, from).bind(4, to);
  detail::bind_report_filters(row, 5, scope);
  std::vector<core::ReportEvent> events;
  while (row.step()) {
    core::ReportEvent event;
    event.event = detail::event_at(row);
    event.assistant_id = row.text(11);
    event.channel = core::parse_channel(row.text(12)).value_or(core::Channel::web);
    events.push_back(std::move(event));
  }
  return events;
}

template <class Db>
std::vector<core::ReportMessage> SqlReadTxn<Db>::report_messages(const ReportScope& scope) {
  auto row = this->db_.prepare(
      sql("SELECT m.conversation_id, c.assistant_id, m.sender, m.agent_id, m.created_at, m.ai_fallback, "
          "CASE WHEN EXISTS (SELECT 1 FROM messages p WHERE p.conversation_id = m.conversation_id AND p.seq < m.seq "
          "AND p.sender = 'customer') THEN 1 ELSE 0 END "
          "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
          "WHERE m.created_at >= ? AND m.created_at < ? AND m.sender <> 'system'",
          detail::kReportFilters, " ORDER BY m.conversation_id, m.seq"));
  row.bind(1, core::format_time(scope.from)).bind(2, core::format_time(scope.to));
  detail::bind_report_filters(row, 3, scope);
  std::vector<core::ReportMessage> messages;
  while (row.step()) {
    core::ReportMessage message;
    message.conversation_id = row.text(0);
    message.assistant_id = row.text(1);
    message.sender = core::parse_sender(row.text(2)).value_or(core::Sender::system);
    message.agent_id = row.optional_text(3);
    message.at = time_at(row, 4);
    message.ai_fallback = row.integer(5) != 0;
    message.customer_before = row.integer(6) != 0;
    messages.push_back(std::move(message));
  }
  return messages;
}

template <class Db>
std::vector<core::AvailabilitySample> SqlReadTxn<Db>::availability_samples(const ReportScope& scope) {
  auto row = this->db_.prepare(
      "SELECT agent_id, minute, live_count, capacity FROM agent_availability WHERE minute >= ? AND minute < ? "
      "ORDER BY agent_id, minute");
  row.bind(1, core::format_time(scope.from)).bind(2, core::format_time(scope.to));
  std::vector<core::AvailabilitySample> samples;
  while (row.step()) {
    core::AvailabilitySample sample;
    sample.agent_id = row.text(0);
    sample.minute = time_at(row, 1);
    sample.live_count = static_cast<int>(row.integer(2));
    sample.capacity = optional_count(row, 3);
    samples.push_back(std::move(sample));
  }
  return samples;
}

template <class Db>
void SqlWriteTxn<Db>::record_availability(const std::vector<core::AvailabilitySample>& samples) {
  for (const auto& sample : samples) {
    this->db_
        .prepare(
            "INSERT INTO agent_availability (agent_id, minute, live_count, capacity) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (agent_id, minute) DO NOTHING")
        .bind(1, sample.agent_id)
        .bind(2, core::format_time(sample.minute))
        .bind(3, static_cast<std::int64_t>(sample.live_count))
        .bind(4, optional_count_text(sample.capacity))
        .run();
  }
}

}  // namespace baton::store::sql
