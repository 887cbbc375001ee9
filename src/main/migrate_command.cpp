#include "main/migrate_command.hpp"

#include <array>
#include <filesystem>
#include <iostream>
#include <string_view>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/postgres/migrate.hpp"
#include "store/postgres/session.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace baton::main {
namespace {

namespace pg = store::postgres;
namespace sqlite = store::sqlite;

// Every table, parents before children (the foreign keys hold at each insert).
// E-mail follow-up: email_outbox (the e-mails still to send) and server_secrets (the resume
// links' key, so that links already sent keep working); the visitors' sockets are not kept.
constexpr std::array<std::string_view, 26> kTables{"agents",
                                                   "sessions",
                                                   "assistants",
                                                   "knowledge",
                                                   "conversations",
                                                   "messages",
                                                   "visitors",
                                                   "line_channels",
                                                   "line_contacts",
                                                   "line_webhook_events",
                                                   "line_outbox",
                                                   "line_push_counts",
                                                   "attachments",
                                                   "ai_jobs",
                                                   "conversation_events",
                                                   "notes",
                                                   "mentions",
                                                   "canned_replies",
                                                   "labels",
                                                   "conversation_labels",
                                                   "csat_surveys",
                                                   "agent_availability",
                                                   "email_outbox",
                                                   "server_secrets",
                                                   "webhooks",
                                                   "webhook_deliveries"};

struct Column {
  std::string name;
  bool bytes = false;  // bytea: copied from SQLite's BLOB as hex
};

// The target's columns of `table`, in order (the two schemas hold the same columns).
std::vector<Column> columns_of(pg::Connection& target, std::string_view table) {
  auto rows = target.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND "
      "table_name = $1 ORDER BY ordinal_position",
      {std::string(table)});
  std::vector<Column> columns;
  for (int row = 0; row < rows.rows(); ++row) columns.push_back({rows.text(row, 0), rows.text(row, 1) == "bytea"});
  return columns;
}

// Copies one table; returns its row count. Text goes as text (PostgreSQL reads SQLite's 0/1 as
// booleans and its RFC 3339 times as timestamptz); BLOBs as bytea.
std::int64_t copy_table(sqlite::Connection& source, pg::Connection& target, std::string_view table) {
  const auto columns = columns_of(target, table);
  std::string names, placeholders;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    names += (i ? ", " : "") + columns[i].name;
    placeholders += (i ? ", $" : "$") + std::to_string(i + 1);
  }
  // The outbox keeps its ids (tasks refer to nothing else, but logs and the console do).
  const bool keeps_ids = table == "line_outbox" || table == "email_outbox";
  const std::string overriding = keeps_ids ? " OVERRIDING SYSTEM VALUE" : "";
  const std::string insert =
      "INSERT INTO " + std::string(table) + " (" + names + ")" + overriding + " VALUES (" + placeholders + ")";
  auto rows = source.prepare("SELECT " + names + " FROM " + std::string(table));
  std::int64_t copied = 0;
  std::vector<pg::Param> params(columns.size());
  while (rows.step()) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const int column = static_cast<int>(i);
      params[i] = rows.optional_text(column);
      if (params[i] && columns[i].bytes) params[i] = pg::bytea_text(rows.blob(column));
    }
    target.query(insert, params);
    ++copied;
  }
  return copied;
}

std::int64_t count(pg::Connection& target, std::string_view sql) { return target.query(sql).integer(0, 0); }

}  // namespace

int migrate_to_postgres(const MigrateOptions& options) {
  const auto file = std::filesystem::path(options.data) / "baton.db";
  if (!std::filesystem::exists(file)) {
    std::cerr << "baton: no Baton data in " << options.data << " (no baton.db)\n";
    return 1;
  }
  // Brings the SQLite file to this build's schema first, so both sides hold the same columns.
  { sqlite::SqliteStore upgraded(options.data); }
  sqlite::Connection source(file.string(), true);
  pg::Connection target(options.database);
  pg::migrate(target);
  if (count(target,
            "SELECT (SELECT count(*) FROM agents) + (SELECT count(*) FROM assistants) + "
            "(SELECT count(*) FROM conversations)") > 0) {
    std::cerr << "baton: the target database already holds Baton data; migrate only into an empty one\n";
    return 1;
  }
  target.exec("BEGIN");
  try {
    std::int64_t rows = 0;
    for (auto table : kTables) {
      const auto copied = copy_table(source, target, table);
      auto expected = source.prepare("SELECT count(*) FROM " + std::string(table));
      expected.step();
      if (copied != expected.integer(0)) throw store::StoreError("row count differs in " + std::string(table));
      rows += copied;
      std::cout << table << ": " << copied << "\n";
    }
    // New outbox tasks continue after the copied ids.
    target.exec(
        "SELECT setval(pg_get_serial_sequence('line_outbox', 'id'), COALESCE((SELECT max(id) FROM line_outbox), 0) "
        "+ 1, false)");
    target.exec(
        "SELECT setval(pg_get_serial_sequence('email_outbox', 'id'), COALESCE((SELECT max(id) FROM email_outbox), 0) "
        "+ 1, false)");
    // Every conversation's last_seq is its number of messages, which are numbered 1..n.
    if (count(target,
              "SELECT count(*) FROM conversations c WHERE c.last_seq <> (SELECT count(*) FROM messages m WHERE "
              "m.conversation_id = c.id) OR c.last_seq <> COALESCE((SELECT max(seq) FROM messages m WHERE "
              "m.conversation_id = c.id), 0)") > 0) {
      throw store::StoreError("a conversation's messages are not numbered 1..last_seq");
    }
    target.commit();
    std::cout << "migrated " << rows << " rows from " << options.data << " to PostgreSQL\n";
    return 0;
  } catch (const store::StoreError& error) {
    if (target.in_transaction()) target.exec("ROLLBACK");
    std::cerr << "baton: migration failed, nothing was written: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace baton::main
