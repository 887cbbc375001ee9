// The store for several nodes: one PostgreSQL database that every node writes and reads. Writer
// lanes (a thread and a connection each) run write jobs; PostgreSQL flushes the commits of
// concurrent sessions together, so lanes are what makes throughput. A job goes to the lane of
// the first row it declared (its conversation), so one node's jobs on one conversation commit
// in the order they were submitted; a job that declared none goes to the lanes in turn. When a
// lane's jobs queue up, it takes up to kMaxGroup of those that declared their locks, locks all
// their rows first in the one global order, and commits them in one transaction: one flush for
// the work of many, and never a circle of waits between groups. Should any of them say no or
// fail, the group is undone and each runs alone, so a job never sees another's undone work. A
// job that lost a deadlock or a serialization race runs again; commits are synchronous, so what
// a node acknowledged is durable. Reads run in REPEATABLE READ READ ONLY snapshots on a pool of
// connections. The queries are the shared ones (store/sql).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
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
  // Jobs committed together at most (the design keeps a transaction's row locks and work small).
  static constexpr std::size_t kMaxGroup = 16;

  // Connects to `url` and applies the schema's pending migrations (see migrate.hpp).
  explicit PostgresStore(std::string url, int lanes = kDefaultLanes);
  ~PostgresStore() override;

  void submit(WriteJob job) override;
  std::unique_ptr<ReadTxn> begin_read() override;

  // How the lanes' groups went (for tests and logs).
  struct GroupCounts {
    std::uint64_t committed = 0;  // groups of two or more committed together
    std::uint64_t undone = 0;     // groups undone because one job said no or a statement failed
  };
  GroupCounts group_counts() const { return {groups_committed_.load(), groups_undone_.load()}; }

 private:
  // A connection and the session the shared queries run on.
  struct Link {
    explicit Link(const std::string& url) : connection(url), session(connection) {}
    Connection connection;
    Session session;
  };
  class PooledReadTxn;

  // One lane's queue of jobs.
  struct LaneQueue {
    std::condition_variable ready;
    std::deque<WriteJob> jobs;
  };

  void run_writer(LaneQueue& queue, std::unique_ptr<Link> writer);
  // Runs the job (again after a lost race), then its after-commit actions and `done`.
  void run_job(std::unique_ptr<Link>& writer, WriteJob& job);
  // Several queued jobs in one transaction, their declared rows locked first in sorted order;
  // each alone (run_job) if any says no or fails.
  void run_group(std::unique_ptr<Link>& writer, std::vector<WriteJob>& jobs);
  // Takes what a lane runs next (under queue_mutex_): one job, or a group of jobs that declared
  // their locks.
  static std::vector<WriteJob> take_jobs(std::deque<WriteJob>& queue);
  using Actions = std::vector<std::function<void()>>;
  // One attempt at `jobs` in one transaction, their declared rows locked first in the global
  // order: each job's after-commit actions once committed; nullopt when one said no or failed
  // (all undone). Throws PgError for what the caller decides on (a lost race, a lost
  // connection); `commit_sent` tells whether COMMIT went out.
  std::optional<std::vector<Actions>> run_once(std::unique_ptr<Link>& writer, std::span<WriteJob> jobs,
                                               bool& commit_sent);
  // Runs the jobs' after-commit actions (when committed) and calls each `done`, once each.
  static void finish(std::span<WriteJob> jobs, std::optional<std::vector<Actions>> committed);
  std::unique_ptr<Link> take_reader();
  void return_reader(std::unique_ptr<Link> reader);

  std::string url_;

  std::mutex queue_mutex_;
  std::vector<std::unique_ptr<LaneQueue>> queues_;  // one per lane
  std::size_t next_lane_ = 0;                       // for jobs that declared no row
  bool stopping_ = false;

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Link>> readers_;

  std::vector<std::thread> lanes_;
  std::atomic<std::uint64_t> groups_committed_{0};
  std::atomic<std::uint64_t> groups_undone_{0};
};

}  // namespace baton::store::postgres
