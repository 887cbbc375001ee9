#include "store/postgres/postgres_store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "store/postgres/migrate.hpp"
#include "store/postgres/postgres_txn.hpp"
#include "store/run_caught.hpp"

namespace baton::store::postgres {
namespace {

// A job that loses a race (a deadlock, a serialization failure, two nodes creating the same
// row) runs again from the start, this many times in all.
constexpr int kAttempts = 3;

void roll_back(Connection& connection) {
  try {
    if (connection.in_transaction()) connection.exec("ROLLBACK");
  } catch (const StoreError&) {
    // The connection is gone; the server has undone the transaction.
  }
}

}  // namespace

class PostgresStore::PooledReadTxn final : public sql::SqlReadTxn<Session> {
 public:
  PooledReadTxn(PostgresStore& store, std::unique_ptr<Link> link)
      : sql::SqlReadTxn<Session>(link->session), store_(store), link_(std::move(link)) {
    link_->connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  ~PooledReadTxn() override {
    try {
      link_->connection.exec("COMMIT");
      store_.return_reader(std::move(link_));
    } catch (const StoreError& error) {
      spdlog::warn("event=read_txn_end_failed store=postgres error=\"{}\"", error.what());
    }
  }

 private:
  PostgresStore& store_;
  std::unique_ptr<Link> link_;
};

PostgresStore::PostgresStore(std::string url, int lanes) : url_(std::move(url)) {
  std::vector<std::unique_ptr<Link>> writers;
  for (int lane = 0; lane < std::max(1, lanes); ++lane) writers.push_back(std::make_unique<Link>(url_));
  migrate(writers.front()->connection);
  for (auto& writer : writers) {
    lanes_.emplace_back([this, writer = std::move(writer)]() mutable { run_writer(std::move(writer)); });
  }
}

PostgresStore::~PostgresStore() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_all();
  for (auto& lane : lanes_) lane.join();
}

void PostgresStore::submit(WriteJob job) {
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back(std::move(job));
  }
  queue_ready_.notify_one();
}

void PostgresStore::run_writer(std::unique_ptr<Link> writer) {
  for (;;) {
    WriteJob job;
    {
      std::unique_lock lock(queue_mutex_);
      queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every queued job is done
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    run_job(writer, job);
  }
}

void PostgresStore::run_job(std::unique_ptr<Link>& writer, WriteJob& job) {
  std::optional<std::vector<std::function<void()>>> committed;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    bool commit_sent = false;
    try {
      committed = run_once(writer, job, commit_sent);
      break;
    } catch (const PgError& error) {
      if (writer) roll_back(writer->connection);
      const bool lost_race = error.retryable() || error.unique_violation();
      const bool lost_connection = error.sqlstate().starts_with("08");
      if (lost_connection) writer.reset();
      // A connection lost during COMMIT leaves the outcome unknown: running the job again could
      // store it twice, so it is reported as not durable instead.
      if ((lost_race || (lost_connection && !commit_sent)) && attempt < kAttempts) {
        spdlog::info("event=write_job_retried store=postgres attempt={} sqlstate={}", attempt, error.sqlstate());
        continue;
      }
      spdlog::error("event=write_job_failed store=postgres attempts={} commit_sent={} error=\"{}\"", attempt,
                    commit_sent, error.what());
      break;
    } catch (const std::exception& error) {
      if (writer) roll_back(writer->connection);
      spdlog::error("event=write_job_failed store=postgres error=\"{}\"", error.what());
      break;
    }
  }
  // Outside the catch above: the actions and the callback run once, whatever they do.
  if (committed) {
    for (auto& action : *committed) run_caught(action, "after_commit");
  }
  run_caught([&] { job.done(committed.has_value()); }, "done");
}

std::optional<std::vector<std::function<void()>>> PostgresStore::run_once(std::unique_ptr<Link>& writer, WriteJob& job,
                                                                          bool& commit_sent) {
  if (!writer) writer = std::make_unique<Link>(url_);  // after a lost connection
  auto& connection = writer->connection;
  connection.exec("BEGIN");
  sql::SqlWriteTxn<Session> txn(writer->session);
  bool keep = false;
  try {
    keep = job.apply(txn);
  } catch (const PgError&) {
    throw;  // a lost race is retried by run_job
  } catch (const std::exception& error) {
    spdlog::error("event=write_job_failed store=postgres error=\"{}\"", error.what());
  }
  if (!keep) {
    roll_back(connection);
    return std::nullopt;
  }
  commit_sent = true;
  connection.exec("COMMIT");
  return txn.take_after_commit();
}

std::unique_ptr<PostgresStore::Link> PostgresStore::take_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      auto link = std::move(readers_.back());
      readers_.pop_back();
      return link;
    }
  }
  return std::make_unique<Link>(url_);
}

void PostgresStore::return_reader(std::unique_ptr<Link> reader) {
  std::lock_guard lock(readers_mutex_);
  readers_.push_back(std::move(reader));
}

std::unique_ptr<ReadTxn> PostgresStore::begin_read() { return std::make_unique<PooledReadTxn>(*this, take_reader()); }

}  // namespace baton::store::postgres
