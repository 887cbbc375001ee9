// The Store queries for agents (console users) and their sessions.
#include <algorithm>

#include "core/names.hpp"
#include "core/time.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_txn.hpp"

namespace baton::store::sqlite {
namespace {

constexpr std::string_view kAgentColumns = "id, email, name, role, presence, created_at, disabled";

core::Agent agent_from(const Statement& row, int first = 0) {
  core::Agent agent;
  agent.id = row.text(first);
  agent.email = row.text(first + 1);
  agent.name = row.text(first + 2);
  agent.role = must(core::parse_role(row.text(first + 3)), "role");
  agent.presence = must(core::parse_presence(row.text(first + 4)), "presence");
  agent.created_at = time_at(row, first + 5);
  agent.disabled = row.integer(first + 6) != 0;
  return agent;
}

}  // namespace

std::optional<core::Agent> SqliteReadTxn::agent(const core::Id& id) {
  auto row = db_.prepare(sql("SELECT ", kAgentColumns, " FROM agents WHERE id = ?"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return agent_from(row);
}

std::optional<AgentCredentials> SqliteReadTxn::agent_by_email(std::string_view email) {
  auto row = db_.prepare(sql("SELECT ", kAgentColumns, ", password_hash FROM agents WHERE email = ?"));
  row.bind(1, email);
  if (!row.step()) return std::nullopt;
  return AgentCredentials{agent_from(row), row.text(7)};
}

std::vector<core::Agent> SqliteReadTxn::agents() {
  auto row = db_.prepare(sql("SELECT ", kAgentColumns, " FROM agents ORDER BY created_at, id"));
  std::vector<core::Agent> agents;
  while (row.step()) agents.push_back(agent_from(row));
  return agents;
}

std::optional<Session> SqliteReadTxn::session(std::string_view token_hash) {
  auto row = db_.prepare("SELECT token_hash, agent_id, csrf_hash, expires_at FROM sessions WHERE token_hash = ?");
  row.bind(1, token_hash);
  if (!row.step()) return std::nullopt;
  return Session{row.text(0), row.text(1), row.text(2), time_at(row, 3)};
}

void SqliteWriteTxn::insert_agent(const core::Agent& agent, std::string_view password_hash) {
  db_.prepare(
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

void SqliteWriteTxn::update_agent_presence(const core::Id& agent_id, core::Presence presence) {
  db_.prepare("UPDATE agents SET presence = ? WHERE id = ?").bind(1, core::name_of(presence)).bind(2, agent_id).run();
}

void SqliteWriteTxn::insert_session(const Session& session) {
  db_.prepare("INSERT INTO sessions (token_hash, agent_id, csrf_hash, expires_at) VALUES (?, ?, ?, ?)")
      .bind(1, session.token_hash)
      .bind(2, session.agent_id)
      .bind(3, session.csrf_hash)
      .bind(4, core::format_time(session.expires_at))
      .run();
}

void SqliteWriteTxn::delete_session(std::string_view token_hash) {
  db_.prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash).run();
}

void SqliteWriteTxn::update_agent(const core::Agent& agent) {
  db_.prepare("UPDATE agents SET name = ?, role = ?, disabled = ? WHERE id = ?")
      .bind(1, agent.name)
      .bind(2, core::name_of(agent.role))
      .bind(3, std::int64_t{agent.disabled})
      .bind(4, agent.id)
      .run();
}

void SqliteWriteTxn::update_agent_password(const core::Id& agent_id, std::string_view password_hash) {
  db_.prepare("UPDATE agents SET password_hash = ? WHERE id = ?").bind(1, password_hash).bind(2, agent_id).run();
}

void SqliteWriteTxn::extend_session(std::string_view token_hash, core::TimePoint expires_at) {
  db_.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?")
      .bind(1, core::format_time(expires_at))
      .bind(2, token_hash)
      .run();
}

std::vector<std::string> SqliteWriteTxn::delete_sessions_of(const core::Id& agent_id, std::string_view keep) {
  auto row = db_.prepare("DELETE FROM sessions WHERE agent_id = ? AND token_hash <> ? RETURNING token_hash");
  row.bind(1, agent_id).bind(2, keep);
  std::vector<std::string> deleted;
  while (row.step()) deleted.push_back(row.text(0));
  return deleted;
}

std::vector<std::string> SqliteWriteTxn::delete_expired_sessions(core::TimePoint now) {
  auto row = db_.prepare("DELETE FROM sessions WHERE expires_at <= ? RETURNING token_hash");
  row.bind(1, core::format_time(now));
  std::vector<std::string> deleted;
  while (row.step()) deleted.push_back(row.text(0));
  return deleted;
}

}  // namespace baton::store::sqlite
