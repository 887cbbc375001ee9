// The embedded store: one SQLite file in WAL mode, one writer thread that commits queued jobs
// in groups, a syncer thread that makes them durable (one fsync of the WAL for every group
// committed since the last), and a pool of read-only connections. Callers hear of a job, and
// its after-commit actions run, only once its group is on disk.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace baton::store::sqlite {

class SqliteStore final : public Store {
 public:
  // Opens (creating if absent) `directory/baton.db` and applies pending migrations.
  explicit SqliteStore(const std::filesystem::path& directory);
  ~SqliteStore() override;

  void submit(WriteJob job) override;
  std::unique_ptr<ReadTxn> begin_read() override;

  // The largest number of jobs committed in one group so far (for benchmarks and tests).
  std::size_t largest_group() const;

 private:
  class PooledReadTxn;
  // A group committed to the WAL (not yet synced), with what to tell its callers once it is.
  struct CommittedGroup {
    std::vector<WriteJob> jobs;
    std::vector<bool> kept;  // committed and kept by its job
    std::vector<std::vector<std::function<void()>>> actions;
    bool committed = false;
    std::chrono::steady_clock::time_point began;
  };
  void run_writer();
  CommittedGroup commit_group(std::vector<WriteJob> group);
  void run_syncer();
  bool sync_wal();
  void finish(CommittedGroup& group, bool synced);
  std::unique_ptr<Connection> take_reader();
  void return_reader(std::unique_ptr<Connection> connection);

  std::string path_;
  std::unique_ptr<Connection> writer_;

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<WriteJob> queue_;
  bool stopping_ = false;
  std::size_t largest_group_ = 0;

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> readers_;

  std::mutex synced_mutex_;
  std::condition_variable to_sync_ready_;
  std::deque<CommittedGroup> to_sync_;
  bool writer_done_ = false;
  int wal_fd_ = -1;  // the WAL, opened again for fdatasync (the syncer's own descriptor)

  std::thread writer_thread_;
  std::thread syncer_thread_;
};

// Applies the embedded migrations that `connection` has not seen yet, in version order.
void migrate(Connection& connection);

}  // namespace baton::store::sqlite
