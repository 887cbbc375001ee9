// The store queries for the AI's durable work (ai_jobs).
// Definitions of SqlReadTxn/SqlWriteTxn members, included once per store where the class
// templates are instantiated for that store's connection type.
#pragma once

#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {

template <class Db>
std::vector<AiJob> SqlReadTxn<Db>::due_ai_jobs(core::TimePoint now, int limit) {
  auto row = this->db_.prepare(
      "SELECT message_id, conversation_id, assistant_id, due_at, created_at FROM ai_jobs WHERE due_at <= ? "
      "ORDER BY created_at, message_id LIMIT ?");
  row.bind(1, core::format_time(now)).bind(2, static_cast<std::int64_t>(limit));
  std::vector<AiJob> jobs;
  while (row.step()) {
    jobs.push_back(AiJob{row.text(0), row.text(1), row.text(2), time_at(row, 3), time_at(row, 4)});
  }
  return jobs;
}

template <class Db>
void SqlWriteTxn<Db>::insert_ai_job(const AiJob& job) {
  this->db_
      .prepare(
          "INSERT INTO ai_jobs (message_id, conversation_id, assistant_id, due_at, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind(1, job.message_id)
      .bind(2, job.conversation_id)
      .bind(3, job.assistant_id)
      .bind(4, core::format_time(job.due_at))
      .bind(5, core::format_time(job.created_at))
      .run();
}

template <class Db>
bool SqlWriteTxn<Db>::claim_ai_job(const core::Id& message_id, core::TimePoint now, core::TimePoint until) {
  // As claim_line_task: a second node's update waits for the first's commit, then finds the row
  // no longer due.
  this->db_.prepare("UPDATE ai_jobs SET due_at = ? WHERE message_id = ? AND due_at <= ?")
      .bind(1, core::format_time(until))
      .bind(2, message_id)
      .bind(3, core::format_time(now))
      .run();
  return this->db_.changes() == 1;
}

template <class Db>
bool SqlWriteTxn<Db>::finish_ai_job(const core::Id& message_id) {
  this->db_.prepare("DELETE FROM ai_jobs WHERE message_id = ?").bind(1, message_id).run();
  return this->db_.changes() == 1;
}

}  // namespace baton::store::sql
