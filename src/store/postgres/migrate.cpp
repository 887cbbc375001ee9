#include "store/postgres/migrate.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <string>

namespace baton::embedded {
std::string_view postgres_migration_001_schema();
std::string_view postgres_migration_002_ai_jobs();
std::string_view postgres_migration_003_conversation_events();
std::string_view postgres_migration_004_routing();
std::string_view postgres_migration_005_notice_details();
std::string_view postgres_migration_006_team_tools();
std::string_view postgres_migration_007_csat();
std::string_view postgres_migration_010_reports();
std::string_view postgres_migration_011_file_previews();
std::string_view postgres_migration_012_line_receipts_quota();
std::string_view postgres_migration_009_email_followup();
std::string_view postgres_migration_008_webhooks();
}  // namespace baton::embedded

namespace baton::store::postgres {

namespace {

// pg_advisory_lock's key for schema changes: "baton" in ASCII.
constexpr std::string_view kMigrationLockKey = "422541815662";

// Releases the advisory lock however the migration ends (an error leaves the session usable).
class MigrationLock {
 public:
  explicit MigrationLock(Connection& connection) : connection_(connection) {
    connection_.query("SELECT pg_advisory_lock($1::bigint)", {std::string(kMigrationLockKey)});
  }
  ~MigrationLock() {
    try {
      if (connection_.in_transaction()) connection_.exec("ROLLBACK");  // a failed migration's
      connection_.query("SELECT pg_advisory_unlock($1::bigint)", {std::string(kMigrationLockKey)});
    } catch (const StoreError&) {
      // The connection is gone: the server released the lock with it.
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  Connection& connection_;
};

}  // namespace

std::span<const Migration> schema_migrations() {
  static const std::array<Migration, 12> migrations{{{1, embedded::postgres_migration_001_schema()},
                                                     {2, embedded::postgres_migration_002_ai_jobs()},
                                                     {3, embedded::postgres_migration_003_conversation_events()},
                                                     {4, embedded::postgres_migration_004_routing()},
                                                     {5, embedded::postgres_migration_005_notice_details()},
                                                     {6, embedded::postgres_migration_006_team_tools()},
                                                     {7, embedded::postgres_migration_007_csat()},
                                                     {8, embedded::postgres_migration_008_webhooks()},
                                                     {9, embedded::postgres_migration_009_email_followup()},
                                                     {10, embedded::postgres_migration_010_reports()},
                                                     {11, embedded::postgres_migration_011_file_previews()},
                                                     {12, embedded::postgres_migration_012_line_receipts_quota()}}};
  return migrations;
}

int migrate(Connection& connection, std::span<const Migration> migrations) {
  MigrationLock lock(connection);
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
  const auto current = connection.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").integer(0, 0);
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  if (current > newest) {
    throw StoreError("the database's schema is version " + std::to_string(current) + ", newer than this Baton knows (" +
                     std::to_string(newest) + "): run a newer Baton, or a database of this version");
  }
  int applied = 0;
  for (const auto& migration : migrations) {
    if (migration.version <= current) continue;
    connection.exec("BEGIN");
    connection.exec(migration.sql);
    connection.query("INSERT INTO schema_migrations (version) VALUES ($1)", {std::to_string(migration.version)});
    connection.commit();
    spdlog::info("event=migration_applied store=postgres version={}", migration.version);
    ++applied;
  }
  return applied;
}

}  // namespace baton::store::postgres
