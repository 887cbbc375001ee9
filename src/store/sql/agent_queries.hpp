// The store queries for agents (console users) and their sessions.
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

inline constexpr std::string_view kAgentColumns =
    "id, email, name, role, presence, created_at, disabled, max_concurrent, assistant_ids, last_assigned_at";
inline constexpr int kAgentColumnCount = 10;

template <class Row>
core::Agent agent_from(const Row& row, int first = 0) {
  core::Agent agent;
  agent.id = row.text(first);
  agent.email = row.text(first + 1);
  agent.name = row.text(first + 2);
  agent.role = must(core::parse_role(row.text(first + 3)), "role");
  agent.presence = must(core::parse_presence(row.text(first + 4)), "presence");
  agent.created_at = time_at(row, first + 5);
  agent.disabled = row.integer(first + 6) != 0;
  agent.max_concurrent = optional_count(row, first + 7);
  agent.assistant_ids = split_ids(row.text(first + 8));
  agent.last_assigned_at = optional_time_at(row, first + 9);
  return agent;
}

}  // namespace detail

template <class Db>
std::optional<core::Agent> SqlReadTxn<Db>::agent(const core::Id& id) {
  auto row =
      this->db_.prepare(sql("SELECT ", detail::kAgentColumns, " FROM agents WHERE id = ?") + this->row_lock("agents"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::agent_from(row);
}

template <class Db>
std::optional<AgentCredentials> SqlReadTxn<Db>::agent_by_email(std::string_view email) {
  auto row = this->db_.prepare(sql("SELECT ", detail::kAgentColumns, ", password_hash FROM agents WHERE email = ?"));
  row.bind(1, email);
  if (!row.step()) return std::nullopt;
  return AgentCredentials{detail::agent_from(row), row.text(detail::kAgentColumnCount)};
}

template <class Db>
std::vector<core::Agent> SqlReadTxn<Db>::agents() {
  auto row = this->db_.prepare(sql("SELECT ", detail::kAgentColumns, " FROM agents ORDER BY created_at, id"));
  std::vector<core::Agent> agents;
  while (row.step()) agents.push_back(detail::agent_from(row));
  return agents;
}

template <class Db>
std::optional<Session> SqlReadTxn<Db>::session(std::string_view token_hash) {
  auto row = this->db_.prepare("SELECT token_hash, agent_id, csrf_hash, expires_at FROM sessions WHERE token_hash = ?");
  row.bind(1, token_hash);
  if (!row.step()) return std::nullopt;
  return Session{row.text(0), row.text(1), row.text(2), time_at(row, 3)};
}

template <class Db>
void SqlWriteTxn<Db>::insert_agent(const core::Agent& agent, std::string_view password_hash) {
  this->db_
      .prepare(
          "INSERT INTO agents (id, email, name, role, presence, created_at, password_hash) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, agent.id)
      .bind(2, agent.email)
      .bind(3, agent.name)
      .bind(4, core::name_of(agent.role))
      .bind(5, core::name_of(agent.presence))
      .bind(6, core::format_time(agent.created_at))
      .bind(7, password_hash)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::update_agent_presence(const core::Id& agent_id, core::Presence presence) {
  this->db_.prepare("UPDATE agents SET presence = ? WHERE id = ?")
      .bind(1, core::name_of(presence))
      .bind(2, agent_id)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::insert_session(const Session& session) {
  this->db_.prepare("INSERT INTO sessions (token_hash, agent_id, csrf_hash, expires_at) VALUES (?, ?, ?, ?)")
      .bind(1, session.token_hash)
      .bind(2, session.agent_id)
      .bind(3, session.csrf_hash)
      .bind(4, core::format_time(session.expires_at))
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::delete_session(std::string_view token_hash) {
  this->db_.prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash).run();
}

template <class Db>
void SqlWriteTxn<Db>::update_agent(const core::Agent& agent) {
  this->db_
      .prepare("UPDATE agents SET name = ?, role = ?, disabled = ?, max_concurrent = ?, assistant_ids = ? WHERE id = ?")
      .bind(1, agent.name)
      .bind(2, core::name_of(agent.role))
      .bind(3, std::int64_t{agent.disabled})
      .bind(4, optional_count_text(agent.max_concurrent))
      .bind(5, join_ids(agent.assistant_ids))
      .bind(6, agent.id)
      .run();
}

template <class Db>
void SqlWriteTxn<Db>::mark_assigned(const core::Id& agent_id, core::TimePoint at) {
  this->db_.prepare("UPDATE agents SET last_assigned_at = ? WHERE id = ?")
      .bind(1, core::format_time(at))
      .bind(2, agent_id)
      .run();
}

template <class Db>
int SqlReadTxn<Db>::live_count(const core::Id& agent_id) {
  auto row = this->db_.prepare("SELECT COUNT(*) FROM conversations WHERE assigned_agent_id = ? AND status = 'live'");
  row.bind(1, agent_id);
  return row.step() ? static_cast<int>(row.integer(0)) : 0;
}

template <class Db>
std::vector<std::pair<core::Id, int>> SqlReadTxn<Db>::live_counts() {
  auto row = this->db_.prepare(
      "SELECT assigned_agent_id, COUNT(*) FROM conversations WHERE status = 'live' AND assigned_agent_id IS NOT NULL "
      "GROUP BY assigned_agent_id");
  std::vector<std::pair<core::Id, int>> counts;
  while (row.step()) counts.emplace_back(row.text(0), static_cast<int>(row.integer(1)));
  return counts;
}

template <class Db>
void SqlWriteTxn<Db>::update_agent_password(const core::Id& agent_id, std::string_view password_hash) {
  this->db_.prepare("UPDATE agents SET password_hash = ? WHERE id = ?").bind(1, password_hash).bind(2, agent_id).run();
}

template <class Db>
void SqlWriteTxn<Db>::extend_session(std::string_view token_hash, core::TimePoint expires_at) {
  this->db_.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?")
      .bind(1, core::format_time(expires_at))
      .bind(2, token_hash)
      .run();
}

template <class Db>
std::vector<std::string> SqlWriteTxn<Db>::delete_sessions_of(const core::Id& agent_id, std::string_view keep) {
  auto row = this->db_.prepare("DELETE FROM sessions WHERE agent_id = ? AND token_hash <> ? RETURNING token_hash");
  row.bind(1, agent_id).bind(2, keep);
  std::vector<std::string> deleted;
  while (row.step()) deleted.push_back(row.text(0));
  return deleted;
}

template <class Db>
std::vector<std::string> SqlWriteTxn<Db>::delete_expired_sessions(core::TimePoint now) {
  auto row = this->db_.prepare("DELETE FROM sessions WHERE expires_at <= ? RETURNING token_hash");
  row.bind(1, core::format_time(now));
  std::vector<std::string> deleted;
  while (row.step()) deleted.push_back(row.text(0));
  return deleted;
}

}  // namespace baton::store::sql
