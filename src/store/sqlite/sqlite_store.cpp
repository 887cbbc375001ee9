#include "store/sqlite/sqlite_store.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

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
  // NORMAL: SQLite does not fsync at COMMIT; the syncer does, off the writer's thread, and
  // nobody is told a job is stored before that (so the writer applies the next group while
  // the disk takes the last). A checkpoint still syncs the WAL before copying it.
  writer_->exec("PRAGMA synchronous = NORMAL");
  writer_->exec("PRAGMA foreign_keys = ON");
  writer_->exec("PRAGMA wal_autocheckpoint = 4000");
  migrate(*writer_);
  writer_thread_ = std::thread([this] { run_writer(); });
  syncer_thread_ = std::thread([this] { run_syncer(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_all();
  writer_thread_.join();
  {
    std::lock_guard lock(synced_mutex_);
    writer_done_ = true;
  }
  to_sync_ready_.notify_all();
  syncer_thread_.join();
  if (wal_fd_ >= 0) ::close(wal_fd_);
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
    auto committed = commit_group(std::exchange(group, {}));
    {
      std::lock_guard lock(synced_mutex_);
      to_sync_.push_back(std::move(committed));
    }
    to_sync_ready_.notify_one();
  }
}

SqliteStore::CommittedGroup SqliteStore::commit_group(std::vector<WriteJob> jobs) {
  SqliteWriteTxn txn(*writer_);
  CommittedGroup group{std::move(jobs), {}, {}, false, std::chrono::steady_clock::now()};
  group.kept.assign(group.jobs.size(), false);
  group.actions.resize(group.jobs.size());
  try {
    writer_->prepare("BEGIN IMMEDIATE").run();
    for (std::size_t i = 0; i < group.jobs.size(); ++i) {
      // A savepoint per job: a job that fails or says no leaves no partial write behind.
      writer_->prepare("SAVEPOINT job").run();
      try {
        group.kept[i] = group.jobs[i].apply(txn);
      } catch (const std::exception& error) {
        spdlog::error("event=write_job_failed error=\"{}\"", error.what());
        group.kept[i] = false;
      }
      // Prepared once: these run for every job, so they must not be parsed every time.
      if (!group.kept[i]) writer_->prepare("ROLLBACK TO job").run();
      writer_->prepare("RELEASE job").run();
      group.actions[i] = txn.take_after_commit();
    }
    writer_->prepare("COMMIT").run();
    group.committed = true;
  } catch (const std::exception& error) {
    spdlog::error("event=group_commit_failed jobs={} error=\"{}\"", group.jobs.size(), error.what());
    try {
      writer_->exec("ROLLBACK");
    } catch (const std::exception&) {
      // Already rolled back by SQLite; nothing more to undo.
    }
  }
  return group;
}

// Takes every group committed since the last turn, syncs the WAL once for them all, and then
// tells their callers in commit order (events are published in that order).
void SqliteStore::run_syncer() {
  std::deque<CommittedGroup> groups;
  for (;;) {
    {
      std::unique_lock lock(synced_mutex_);
      to_sync_ready_.wait(lock, [this] { return writer_done_ || !to_sync_.empty(); });
      if (to_sync_.empty()) return;  // the writer has stopped, and every group is told
      groups.swap(to_sync_);
    }
    const bool any_committed =
        std::any_of(groups.begin(), groups.end(), [](const CommittedGroup& g) { return g.committed; });
    const bool synced = !any_committed || sync_wal();
    for (auto& group : groups) finish(group, synced);
    groups.clear();
  }
}

// fdatasync on the WAL. Its own descriptor, opened again if the file was replaced (SQLite
// removes the WAL only when its last connection closes; the writer's stays open).
bool SqliteStore::sync_wal() {
  const std::string wal = path_ + "-wal";
  struct stat on_disk {};
  struct stat opened {};
  if (::stat(wal.c_str(), &on_disk) != 0) {
    spdlog::error("event=wal_sync_failed error=\"cannot stat the WAL: {}\"", std::strerror(errno));
    return false;
  }
  if (wal_fd_ < 0 || ::fstat(wal_fd_, &opened) != 0 || opened.st_ino != on_disk.st_ino ||
      opened.st_dev != on_disk.st_dev) {
    if (wal_fd_ >= 0) ::close(wal_fd_);
    wal_fd_ = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
    if (wal_fd_ < 0) {
      spdlog::error("event=wal_sync_failed error=\"cannot open the WAL: {}\"", std::strerror(errno));
      return false;
    }
  }
  if (::fdatasync(wal_fd_) != 0) {
    // The disk refused: nobody in these groups is told their write is stored. (Their rows are
    // in the database file's cache; a caller retrying with its client_id finds them.)
    spdlog::error("event=wal_sync_failed error=\"{}\"", std::strerror(errno));
    return false;
  }
  return true;
}

void SqliteStore::finish(CommittedGroup& group, bool synced) {
  const bool durable_group = group.committed && synced;
  if (durable_group) committed(group.began, group.jobs.size());
  for (std::size_t i = 0; i < group.jobs.size(); ++i) {
    const bool durable = durable_group && group.kept[i];
    if (durable) {
      for (auto& action : group.actions[i]) run_caught(action, "after_commit");
    }
    run_caught([&] { group.jobs[i].done(durable); }, "done");
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
