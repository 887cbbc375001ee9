#include "store/postgres/postgres_store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "store/postgres/migrate.hpp"
#include "store/sql/sql_txn.hpp"

// Instantiated once, in postgres_txn.cpp.
extern template class baton::store::sql::SqlReadTxn<baton::store::postgres::Session>;
extern template class baton::store::sql::SqlWriteTxn<baton::store::postgres::Session>;

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

std::size_t PostgresStore::retried_jobs() const {
  std::lock_guard lock(queue_mutex_);
  return retried_jobs_;
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
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    try {
      if (!writer) writer = std::make_unique<Link>(url_);  // after a lost connection
      auto& connection = writer->connection;
      connection.exec("BEGIN");
      sql::SqlWriteTxn<Session> txn(writer->session);
      bool keep = false;
      try {
        keep = job.apply(txn);
      } catch (const PgError&) {
        throw;  // a lost race is retried below
      } catch (const std::exception& error) {
        spdlog::error("event=write_job_failed store=postgres error=\"{}\"", error.what());
      }
      if (!keep) {
        roll_back(connection);
        job.done(false);
        return;
      }
      connection.exec("COMMIT");
      for (auto& action : txn.take_after_commit()) action();
      job.done(true);
      return;
    } catch (const PgError& error) {
      if (writer) roll_back(writer->connection);
      const bool lost_race = error.retryable() || error.unique_violation();
      const bool lost_connection = error.sqlstate().starts_with("08");
      if (lost_connection) writer.reset();
      if ((lost_race || lost_connection) && attempt < kAttempts) {
        std::lock_guard lock(queue_mutex_);
        ++retried_jobs_;
        continue;
      }
      spdlog::error("event=write_job_failed store=postgres attempts={} error=\"{}\"", attempt, error.what());
    } catch (const std::exception& error) {
      if (writer) roll_back(writer->connection);
      spdlog::error("event=write_job_failed store=postgres error=\"{}\"", error.what());
    }
    job.done(false);
    return;
  }
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
