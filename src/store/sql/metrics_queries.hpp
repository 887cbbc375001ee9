// The scrape's counts (store/metrics_txn.hpp), written once for both stores.
#pragma once

#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {

template <class Db>
std::vector<OpenConversationCount> SqlReadTxn<Db>::open_conversation_counts() {
  auto row = this->db_.prepare(
      "SELECT assistant_id, status, channel, offline_request, COUNT(*), MIN(handoff_requested_at) "
      "FROM conversations WHERE status <> 'done' GROUP BY assistant_id, status, channel, offline_request");
  std::vector<OpenConversationCount> counts;
  while (row.step()) {
    OpenConversationCount count;
    count.assistant_id = row.text(0);
    count.status = must(core::parse_status(row.text(1)), "status");
    count.channel = must(core::parse_channel(row.text(2)), "channel");
    count.offline_request = row.integer(3) != 0;
    count.count = row.integer(4);
    count.oldest_request = optional_time_at(row, 5);
    counts.push_back(count);
  }
  return counts;
}

template <class Db>
OutboxBacklog SqlReadTxn<Db>::line_outbox_backlog() {
  auto row = this->db_.prepare("SELECT COUNT(*), MIN(created_at) FROM line_outbox WHERE state = 'pending'");
  OutboxBacklog backlog;
  if (row.step()) {
    backlog.pending = row.integer(0);
    backlog.oldest = optional_time_at(row, 1);
  }
  return backlog;
}

template <class Db>
OutboxBacklog SqlReadTxn<Db>::webhook_outbox_backlog() {
  auto row = this->db_.prepare("SELECT COUNT(*), MIN(created_at) FROM webhook_deliveries WHERE status = 'pending'");
  OutboxBacklog backlog;
  if (row.step()) {
    backlog.pending = row.integer(0);
    backlog.oldest = optional_time_at(row, 1);
  }
  return backlog;
}

}  // namespace baton::store::sql
