// The store queries for assistants and their knowledge.
// Definitions of SqlReadTxn/SqlWriteTxn members, included once per store where the class
// templates are instantiated for that store's connection type.
#pragma once

#include <algorithm>

#include "core/business_hours.hpp"
#include "core/names.hpp"
#include "core/time.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {
namespace detail {

inline constexpr std::string_view kAssistantColumns =
    "id, name, greeting, live_agent_enabled, offline_message, created_at, updated_at, llm_base_url, llm_model, "
    "llm_api_key_env, routing_mode, default_capacity, requeue_after_s, route_after_hours, business_hours, "
    "csat_enabled, csat_question, email_followup, email_followup_delay_s";

template <class Row>
core::Assistant assistant_from(const Row& row) {
  core::Assistant assistant;
  assistant.id = row.text(0);
  assistant.name = row.text(1);
  assistant.greeting = row.text(2);
  assistant.live_agent_enabled = row.integer(3) != 0;
  assistant.offline_message = row.text(4);
  assistant.created_at = time_at(row, 5);
  assistant.updated_at = time_at(row, 6);
  assistant.llm = core::LlmSettings{row.text(7), row.text(8), row.text(9)};
  assistant.routing.mode = must(core::parse_routing_mode(row.text(10)), "routing_mode");
  assistant.routing.default_capacity = optional_count(row, 11);
  assistant.routing.requeue_after_s = static_cast<int>(row.integer(12));
  assistant.routing.route_after_hours = row.integer(13) != 0;
  assistant.business_hours = must(core::decode_business_hours(row.text(14)), "business_hours");
  assistant.csat = core::CsatSettings{row.integer(15) != 0, row.text(16)};
  assistant.email_followup = row.integer(17) != 0;
  assistant.email_followup_delay_s = static_cast<int>(row.integer(18));
  return assistant;
}

inline constexpr std::string_view kKnowledgeColumns = "id, assistant_id, question, answer, created_at, updated_at";

template <class Row>
core::KnowledgeEntry knowledge_from(const Row& row) {
  return core::KnowledgeEntry{row.text(0), row.text(1), row.text(2), row.text(3), time_at(row, 4), time_at(row, 5)};
}

}  // namespace detail

template <class Db>
std::optional<core::Assistant> SqlReadTxn<Db>::assistant(const core::Id& id) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kAssistantColumns, " FROM assistants WHERE id = ?"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::assistant_from(row);
}

template <class Db>
std::vector<core::Assistant> SqlReadTxn<Db>::assistants() {
  auto row = this->db_.prepare(sql("SELECT ", detail::kAssistantColumns, " FROM assistants ORDER BY created_at, id"));
  std::vector<core::Assistant> assistants;
  while (row.step()) assistants.push_back(detail::assistant_from(row));
  return assistants;
}

template <class Db>
std::vector<core::KnowledgeEntry> SqlReadTxn<Db>::knowledge(const core::Id& assistant_id) {
  auto row = this->db_.prepare(
      sql("SELECT ", detail::kKnowledgeColumns, " FROM knowledge WHERE assistant_id = ? ORDER BY created_at, id"));
  row.bind(1, assistant_id);
  std::vector<core::KnowledgeEntry> entries;
  while (row.step()) entries.push_back(detail::knowledge_from(row));
  return entries;
}

template <class Db>
std::optional<core::KnowledgeEntry> SqlReadTxn<Db>::knowledge_entry(const core::Id& assistant_id, const core::Id& id) {
  auto row =
      this->db_.prepare(sql("SELECT ", detail::kKnowledgeColumns, " FROM knowledge WHERE assistant_id = ? AND id = ?"));
  row.bind(1, assistant_id).bind(2, id);
  if (!row.step()) return std::nullopt;
  return detail::knowledge_from(row);
}

template <class Db>
void SqlWriteTxn<Db>::insert_assistant(const core::Assistant& a) {
  this->db_
      .prepare(
          "INSERT INTO assistants (id, name, greeting, live_agent_enabled, offline_message, created_at, "
          "updated_at, llm_base_url, llm_model, llm_api_key_env, routing_mode, default_capacity, requeue_after_s, "
          "route_after_hours, business_hours, email_followup, email_followup_delay_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, "
          "?, ?, ?, ?, ?, ?, ?)")
      .bind(1, a.id)
      .bind(2, a.name)
      .bind(3, a.greeting)
      .bind(4, std::int64_t{a.live_agent_enabled})
      .bind(5, a.offline_message)
      .bind(6, core::format_time(a.created_at))
      .bind(7, core::format_time(a.updated_at))
      .bind(8, a.llm.base_url)
      .bind(9, a.llm.model)
      .bind(10, a.llm.api_key_env)
      .bind(11, core::name_of(a.routing.mode))
      .bind(12, optional_count_text(a.routing.default_capacity))
      .bind(13, std::int64_t{a.routing.requeue_after_s})
      .bind(14, std::int64_t{a.routing.route_after_hours})
      .bind(15, core::encode_business_hours(a.business_hours))
      .bind(16, std::int64_t{a.email_followup})
      .bind(17, std::int64_t{a.email_followup_delay_s})
      .run();
  update_csat_settings(a);
}

template <class Db>
void SqlWriteTxn<Db>::update_assistant(const core::Assistant& a) {
  this->db_
      .prepare(
          "UPDATE assistants SET name = ?, greeting = ?, live_agent_enabled = ?, offline_message = ?, "
          "updated_at = ?, llm_base_url = ?, llm_model = ?, llm_api_key_env = ?, routing_mode = ?, "
          "default_capacity = ?, requeue_after_s = ?, route_after_hours = ?, business_hours = ?, email_followup = ?, "
          "email_followup_delay_s = ? WHERE id = ?")
      .bind(1, a.name)
      .bind(2, a.greeting)
      .bind(3, std::int64_t{a.live_agent_enabled})
      .bind(4, a.offline_message)
      .bind(5, core::format_time(a.updated_at))
      .bind(6, a.llm.base_url)
      .bind(7, a.llm.model)
      .bind(8, a.llm.api_key_env)
      .bind(9, core::name_of(a.routing.mode))
      .bind(10, optional_count_text(a.routing.default_capacity))
      .bind(11, std::int64_t{a.routing.requeue_after_s})
      .bind(12, std::int64_t{a.routing.route_after_hours})
      .bind(13, core::encode_business_hours(a.business_hours))
      .bind(14, std::int64_t{a.email_followup})
      .bind(15, std::int64_t{a.email_followup_delay_s})
      .bind(16, a.id)
      .run();
  update_csat_settings(a);
}

// The survey settings (team operations §4.8), kept apart from the columns above.
template <class Db>
void SqlWriteTxn<Db>::update_csat_settings(const core::Assistant& a) {
  this->db_.prepare("UPDATE assistants SET csat_enabled = ?, csat_question = ? WHERE id = ?")
      .bind(1, std::int64_t{a.csat.enabled})
      .bind(2, a.csat.question)
      .bind(3, a.id)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::insert_knowledge(const core::KnowledgeEntry& e) {
  this->db_
      .prepare(
          "INSERT INTO knowledge (id, assistant_id, question, answer, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, e.id)
      .bind(2, e.assistant_id)
      .bind(3, e.question)
      .bind(4, e.answer)
      .bind(5, core::format_time(e.created_at))
      .bind(6, core::format_time(e.updated_at))
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::update_knowledge(const core::KnowledgeEntry& e) {
  this->db_.prepare("UPDATE knowledge SET question = ?, answer = ?, updated_at = ? WHERE assistant_id = ? AND id = ?")
      .bind(1, e.question)
      .bind(2, e.answer)
      .bind(3, core::format_time(e.updated_at))
      .bind(4, e.assistant_id)
      .bind(5, e.id)
      .run();
}

template <class Db>
bool SqlWriteTxn<Db>::delete_knowledge(const core::Id& assistant_id, const core::Id& id) {
  this->db_.prepare("DELETE FROM knowledge WHERE assistant_id = ? AND id = ?").bind(1, assistant_id).bind(2, id).run();
  return this->db_.changes() > 0;
}

}  // namespace baton::store::sql
