#include "store/sqlite/sqlite_store.hpp"

#include <spdlog/spdlog.h>

#include "store/run_caught.hpp"
#include "store/sqlite/sqlite_txn.hpp"

namespace baton::embedded {
std::string_view migration_001_initial();
std::string_view migration_002_ai_replies();
std::string_view migration_003_llm_settings();
std::string_view migration_004_line_channels();
std::string_view migration_005_line_delivery();
std::string_view migration_006_line_contact_language();
std::string_view migration_007_account_control();
std::string_view migration_008_conversation_version();
std::string_view migration_009_ai_jobs();
std::string_view migration_010_conversation_events();
std::string_view migration_011_routing();
std::string_view migration_012_notice_details();
std::string_view migration_013_team_tools();
std::string_view migration_014_csat();
std::string_view migration_017_reports();
std::string_view migration_018_file_previews();
std::string_view migration_016_email_followup();
std::string_view migration_015_webhooks();
std::string_view migration_019_line_receipts_quota();
}  // namespace baton::embedded

namespace baton::store::sqlite {
namespace {

// At most this many jobs share one transaction, so one slow group cannot hold callers long.
constexpr std::size_t kMaxGroup = 2048;

struct Migration {
  std::int64_t version;
  std::string_view sql;
};

std::vector<Migration> migrations() {
  return {{1, embedded::migration_001_initial()},
          {2, embedded::migration_002_ai_replies()},
          {3, embedded::migration_003_llm_settings()},
          {4, embedded::migration_004_line_channels()},
          {5, embedded::migration_005_line_delivery()},
          {6, embedded::migration_006_line_contact_language()},
          {7, embedded::migration_007_account_control()},
          {8, embedded::migration_008_conversation_version()},
          {9, embedded::migration_009_ai_jobs()},
          {10, embedded::migration_010_conversation_events()},
          {11, embedded::migration_011_routing()},
          {12, embedded::migration_012_notice_details()},
          {13, embedded::migration_013_team_tools()},
          {14, embedded::migration_014_csat()},
          {15, embedded::migration_015_webhooks()},
          {16, embedded::migration_016_email_followup()},
          {17, embedded::migration_017_reports()},
          {18, embedded::migration_018_file_previews()},
          {19, embedded::migration_019_line_receipts_quota()}};
}

}  // namespace

void migrate(Connection& connection) {
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  std::int64_t current = 0;
  {
    auto row = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (row.step()) current = row.integer(0);
  }
  for (const auto& migration : migrations()) {
    if (migration.version <= current) continue;
    connection.exec("BEGIN IMMEDIATE");
    try {
      connection.exec(migration.sql);
      connection
          .prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ'))")
          .bind(1, migration.version)
          .run();
      connection.exec("COMMIT");
    } catch (...) {
      connection.exec("ROLLBACK");
      throw;
    }
    spdlog::info("event=migration_applied version={}", migration.version);
  }
}

class SqliteStore::PooledReadTxn final : public SqliteReadTxn {
 public:
  PooledReadTxn(SqliteStore& store, std::unique_ptr<Connection> connection)
      : SqliteReadTxn(*connection), store_(store), connection_(std::move(connection)) {
    connection_->exec("BEGIN");
  }
  ~PooledReadTxn() override {
    try {
      connection_->exec("COMMIT");
      store_.return_reader(std::move(connection_));
    } catch (const StoreError& error) {
      spdlog::warn("event=read_txn_end_failed error=\"{}\"", error.what());
    }
  }

 private:
  SqliteStore& store_;
  std::unique_ptr<Connection> connection_;
};

SqliteStore::SqliteStore(const std::filesystem::path& directory) {
  namespace fs = std::filesystem;
  // The database holds password hashes, LINE credentials and customers' words: owner only.
  // A folder we did not create is left as its owner set it; our files are always tightened.
  if (fs::create_directories(directory)) fs::permissions(directory, fs::perms::owner_all, fs::perm_options::replace);
  path_ = (directory / "baton.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;
    const fs::path file = path_ + suffix;
    if (fs::exists(file, ignored)) {
      fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ignored);
    }
  }
  writer_ = std::make_unique<Connection>(path_, false);
  writer_->exec("PRAGMA journal_mode = WAL");
  // FULL: each group commit is fsynced before anyone is told it is stored.
  writer_->exec("PRAGMA synchronous = FULL");
  writer_->exec("PRAGMA foreign_keys = ON");
  writer_->exec("PRAGMA wal_autocheckpoint = 4000");
  migrate(*writer_);
  writer_thread_ = std::thread([this] { run_writer(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_all();
  writer_thread_.join();
}

void SqliteStore::submit(WriteJob job) {
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back(std::move(job));
  }
  queue_ready_.notify_one();
}

std::size_t SqliteStore::largest_group() const {
  std::lock_guard lock(queue_mutex_);
  return largest_group_;
}

void SqliteStore::run_writer() {
  std::vector<WriteJob> group;
  for (;;) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every queued job is committed
      while (!queue_.empty() && group.size() < kMaxGroup) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      largest_group_ = std::max(largest_group_, group.size());
    }
    commit_group(group);
    group.clear();
  }
}

void SqliteStore::commit_group(std::vector<WriteJob>& group) {
  SqliteWriteTxn txn(*writer_);
  std::vector<bool> kept(group.size(), false);
  std::vector<std::vector<std::function<void()>>> actions(group.size());
  bool committed = false;
  const auto began = std::chrono::steady_clock::now();
  try {
    writer_->prepare("BEGIN IMMEDIATE").run();
    for (std::size_t i = 0; i < group.size(); ++i) {
      // A savepoint per job: a job that fails or says no leaves no partial write behind.
      writer_->prepare("SAVEPOINT job").run();
      try {
        kept[i] = group[i].apply(txn);
      } catch (const std::exception& error) {
        spdlog::error("event=write_job_failed error=\"{}\"", error.what());
        kept[i] = false;
      }
      // Prepared once: these run for every job, so they must not be parsed every time.
      if (!kept[i]) writer_->prepare("ROLLBACK TO job").run();
      writer_->prepare("RELEASE job").run();
      actions[i] = txn.take_after_commit();
    }
    writer_->prepare("COMMIT").run();
    committed = true;
    this->committed(began, group.size());
  } catch (const std::exception& error) {
    spdlog::error("event=group_commit_failed jobs={} error=\"{}\"", group.size(), error.what());
    try {
      writer_->exec("ROLLBACK");
    } catch (const std::exception&) {
      // Already rolled back by SQLite; nothing more to undo.
    }
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    const bool durable = committed && kept[i];
    if (durable) {
      for (auto& action : actions[i]) run_caught(action, "after_commit");
    }
    run_caught([&] { group[i].done(durable); }, "done");
  }
}

std::unique_ptr<Connection> SqliteStore::take_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      auto connection = std::move(readers_.back());
      readers_.pop_back();
      return connection;
    }
  }
  auto connection = std::make_unique<Connection>(path_, true);
  connection->exec("PRAGMA query_only = ON");
  return connection;
}

void SqliteStore::return_reader(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(readers_mutex_);
  readers_.push_back(std::move(connection));
}

std::unique_ptr<ReadTxn> SqliteStore::begin_read() { return std::make_unique<PooledReadTxn>(*this, take_reader()); }

}  // namespace baton::store::sqlite
