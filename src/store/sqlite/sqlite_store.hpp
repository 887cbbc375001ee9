// The embedded store: one SQLite file in WAL mode, one writer thread that commits queued jobs
// in groups (one fsync per group), and a pool of read-only connections.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
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
  void run_writer();
  void commit_group(std::vector<WriteJob>& group);
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

  std::thread writer_thread_;
};

// Applies the embedded migrations that `connection` has not seen yet, in version order.
void migrate(Connection& connection);

}  // namespace baton::store::sqlite
