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

// A text[] parameter in PostgreSQL's text form: {"a","b"}, with " and \\ escaped.
std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const auto& value : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

// Locks the declared rows `keys`, table by table in the global order and by id within each, so
// that two groups (or a group and a single job) never hold what the other waits for.
void lock_declared_rows(Connection& connection, std::vector<LockKey> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (keys.size() < 2) return;  // one row: the job's own first read locks it
  for (const auto table : {LockKey::Table::agent, LockKey::Table::conversation}) {
    std::vector<std::string> ids;
    for (const auto& key : keys) {
      if (key.table == table) ids.push_back(key.id);
    }
    if (ids.empty()) continue;
    // FOR ... UPDATE locks rows as the sorted rows come out of the ORDER BY.
    connection.query(table == LockKey::Table::agent
                         ? "SELECT 1 FROM agents WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE"
                         : "SELECT 1 FROM conversations WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE",
                     {text_array(ids)});
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
      link_->connection.exec("COMMIT");  // read only: nothing to lose if it was rolled back
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
  for (int lane = 0; lane < std::max(1, lanes); ++lane) {
    writers.push_back(std::make_unique<Link>(url_));
    queues_.push_back(std::make_unique<LaneQueue>());
  }
  migrate(writers.front()->connection);
  for (std::size_t lane = 0; lane < writers.size(); ++lane) {
    lanes_.emplace_back([this, &queue = *queues_[lane], writer = std::move(writers[lane])]() mutable {
      run_writer(queue, std::move(writer));
    });
  }
}

PostgresStore::~PostgresStore() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  for (auto& queue : queues_) queue->ready.notify_all();
  for (auto& lane : lanes_) lane.join();
}

void PostgresStore::submit(WriteJob job) {
  LaneQueue* queue = nullptr;
  {
    std::lock_guard lock(queue_mutex_);
    // One conversation's jobs share a lane (they commit in submission order), whatever else
    // they lock (an assignment declares its agent first).
    const auto conversation = std::find_if(job.locks.begin(), job.locks.end(), [](const LockKey& key) {
      return key.table == LockKey::Table::conversation;
    });
    const std::size_t lane = job.locks.empty()                 ? next_lane_++
                             : conversation != job.locks.end() ? std::hash<std::string>{}(conversation->id)
                                                               : std::hash<std::string>{}(job.locks.front().id);
    queue = queues_[lane % queues_.size()].get();
    queue->jobs.push_back(std::move(job));
  }
  queue->ready.notify_one();
}

void PostgresStore::run_writer(LaneQueue& queue, std::unique_ptr<Link> writer) {
  for (;;) {
    std::vector<WriteJob> jobs;
    {
      std::unique_lock lock(queue_mutex_);
      queue.ready.wait(lock, [&] { return stopping_ || !queue.jobs.empty(); });
      if (queue.jobs.empty()) return;  // stopping, and every queued job is done
      jobs = take_jobs(queue.jobs);
    }
    if (jobs.size() == 1) {
      run_job(writer, jobs.front());
    } else {
      run_group(writer, jobs);
    }
  }
}

std::vector<WriteJob> PostgresStore::take_jobs(std::deque<WriteJob>& queue) {
  std::vector<WriteJob> jobs;
  jobs.push_back(std::move(queue.front()));
  queue.pop_front();
  if (jobs.front().locks.empty()) return jobs;
  // Only jobs in a row that declared their locks, so that the queue's order holds.
  while (jobs.size() < kMaxGroup && !queue.empty() && !queue.front().locks.empty()) {
    jobs.push_back(std::move(queue.front()));
    queue.pop_front();
  }
  return jobs;
}

void PostgresStore::run_group(std::unique_ptr<Link>& writer, std::vector<WriteJob>& jobs) {
  std::optional<std::vector<Actions>> committed;
  bool commit_sent = false;
  try {
    committed = run_once(writer, jobs, commit_sent);
  } catch (const PgError& error) {
    if (writer) roll_back(writer->connection);
    if (error.sqlstate().starts_with("08")) {
      writer.reset();
    } else {
      commit_sent = false;  // the server answered: the group is undone, not in doubt
    }
    spdlog::info("event=write_group_undone store=postgres jobs={} sqlstate={}", jobs.size(), error.sqlstate());
  } catch (const std::exception& error) {
    if (writer) roll_back(writer->connection);
    spdlog::warn("event=write_group_undone store=postgres jobs={} error=\"{}\"", jobs.size(), error.what());
  }
  if (committed) {
    ++groups_committed_;
  } else if (commit_sent) {
    // The connection went during COMMIT: whether the group is stored is unknown, and running
    // its jobs again could store them twice (as for one job in run_job).
    spdlog::error("event=write_group_failed store=postgres jobs={} commit_sent=true", jobs.size());
  } else {
    ++groups_undone_;
    for (auto& job : jobs) run_job(writer, job);
    return;
  }
  finish(jobs, std::move(committed));
}

void PostgresStore::run_job(std::unique_ptr<Link>& writer, WriteJob& job) {
  const std::span<WriteJob> alone(&job, 1);
  std::optional<std::vector<Actions>> committed;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    bool commit_sent = false;
    try {
      committed = run_once(writer, alone, commit_sent);
      break;
    } catch (const PgError& error) {
      if (writer) roll_back(writer->connection);
      // Run again, the job reads what the other transaction left (a taken key, a deleted parent).
      const bool lost_race = error.retryable() || error.unique_violation() || error.foreign_key_violation();
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
  finish(alone, std::move(committed));
}

std::optional<std::vector<PostgresStore::Actions>> PostgresStore::run_once(std::unique_ptr<Link>& writer,
                                                                           std::span<WriteJob> jobs,
                                                                           bool& commit_sent) {
  if (!writer) writer = std::make_unique<Link>(url_);  // after a lost connection
  auto& connection = writer->connection;
  const auto began = std::chrono::steady_clock::now();
  connection.exec("BEGIN");
  // The declared rows first, in the global order, whatever order the jobs' code reads them in.
  std::vector<LockKey> keys;
  for (const auto& job : jobs) keys.insert(keys.end(), job.locks.begin(), job.locks.end());
  lock_declared_rows(connection, std::move(keys));
  std::vector<Actions> actions;
  for (auto& job : jobs) {
    sql::SqlWriteTxn<Session> txn(writer->session);
    bool keep = false;
    try {
      keep = job.apply(txn);
    } catch (const PgError&) {
      throw;  // a lost race: the caller decides
    } catch (const std::exception& error) {
      spdlog::error("event=write_job_failed store=postgres error=\"{}\"", error.what());
    }
    if (!keep) {
      roll_back(connection);
      return std::nullopt;
    }
    actions.push_back(txn.take_after_commit());
  }
  commit_sent = true;
  connection.commit();
  committed(began, jobs.size());
  return actions;
}

void PostgresStore::finish(std::span<WriteJob> jobs, std::optional<std::vector<Actions>> committed) {
  // Outside any catch of the writer: each action and callback runs once, whatever it does.
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (committed) {
      for (auto& action : (*committed)[i]) run_caught(action, "after_commit");
    }
    run_caught([&] { jobs[i].done(committed.has_value()); }, "done");
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
