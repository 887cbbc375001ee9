// The store for several nodes: one PostgreSQL database that every node writes and reads. Writer
// lanes (a thread and a connection each) take jobs from one queue and run each in its own
// transaction; PostgreSQL flushes the commits of concurrent sessions together, so lanes are
// what makes throughput. Jobs on one conversation meet at its row lock (taken by the write
// transaction's first read), so they never interleave, though two queued at once may commit in
// either order. A job that lost a deadlock or a serialization race runs again; commits are
// synchronous, so what a node acknowledged is durable. Reads run in REPEATABLE READ READ ONLY
// snapshots on a pool of connections. The queries are the shared ones (store/sql).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/postgres/session.hpp"
#include "store/store.hpp"

namespace baton::store::postgres {

class PostgresStore final : public Store {
 public:
  static constexpr int kDefaultLanes = 4;  // on 2 cores 4 did better than 8 (README "Measured")

  // Connects to `url` and applies the schema's pending migrations (see migrate.hpp).
  explicit PostgresStore(std::string url, int lanes = kDefaultLanes);
  ~PostgresStore() override;

  void submit(WriteJob job) override;
  std::unique_ptr<ReadTxn> begin_read() override;

 private:
  // A connection and the session the shared queries run on.
  struct Link {
    explicit Link(const std::string& url) : connection(url), session(connection) {}
    Connection connection;
    Session session;
  };
  class PooledReadTxn;

  void run_writer(std::unique_ptr<Link> writer);
  // Runs the job (again after a lost race), then its after-commit actions and `done`.
  void run_job(std::unique_ptr<Link>& writer, WriteJob& job);
  // One attempt: the actions to run when committed, nullopt when the job said no or failed;
  // throws PgError for what run_job decides on. `commit_sent` tells whether COMMIT went out.
  std::optional<std::vector<std::function<void()>>> run_once(std::unique_ptr<Link>& writer, WriteJob& job,
                                                             bool& commit_sent);
  std::unique_ptr<Link> take_reader();
  void return_reader(std::unique_ptr<Link> reader);

  std::string url_;

  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<WriteJob> queue_;
  bool stopping_ = false;

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Link>> readers_;

  std::vector<std::thread> lanes_;
};

}  // namespace baton::store::postgres
