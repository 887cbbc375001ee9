// A thin RAII layer over one libpq connection: text parameters in, text results out, and every
// failure a StoreError that carries PostgreSQL's SQLSTATE (so a writer can tell a deadlock or a
// serialization failure, which it retries, from a real error).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/store.hpp"

struct pg_conn;
struct pg_result;

namespace baton::store::postgres {

class PgError : public StoreError {
 public:
  PgError(std::string sqlstate, const std::string& message);
  const std::string& sqlstate() const { return sqlstate_; }
  // A deadlock (40P01) or a serialization failure (40001): the whole job may simply run again.
  bool retryable() const;
  bool unique_violation() const { return sqlstate_ == "23505"; }
  // A row another transaction removed meanwhile (a label deleted while a conversation took it).
  bool foreign_key_violation() const { return sqlstate_ == "23503"; }

 private:
  std::string sqlstate_;
};

class Result {
 public:
  explicit Result(pg_result* result);
  int rows() const;
  // The command's tag: "COMMIT", "ROLLBACK", "INSERT 0 1"...
  std::string command_tag() const;
  // Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  std::optional<std::string> optional_text(int row, int column) const;
  std::int64_t integer(int row, int column) const;
  bool boolean(int row, int column) const;
  // The column's pg_type oid (1184 timestamptz, 16 boolean, 17 bytea...).
  unsigned type(int column) const;

 private:
  struct Free {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Free> result_;
};

// A parameter in PostgreSQL's text form; nullopt is SQL NULL.
using Param = std::optional<std::string>;

class Connection {
 public:
  // `url`: postgresql://user@host:port/database?options. Times are exchanged in UTC.
  explicit Connection(const std::string& url);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // One or more statements without parameters.
  void exec(std::string_view sql);
  // One statement with $1... parameters. The first few hundred distinct statements are prepared
  // on first use and run prepared after that: PostgreSQL then parses and plans each once per
  // connection instead of on every run (most of its work on a short statement).
  Result query(std::string_view sql, const std::vector<Param>& params = {});
  // Commits the open transaction. PostgreSQL answers COMMIT in a transaction that an error
  // aborted with a rollback, not an error: that throws PgError 25P02 here, never passes as stored.
  void commit();
  // Inside BEGIN ... COMMIT (or a failed transaction awaiting ROLLBACK).
  bool in_transaction() const;

 private:
  Result checked(pg_result* result, std::string_view sql);
  // The name `sql` is prepared under on this connection (prepared now if new), or nullptr once
  // kMaxPrepared are: a statement built with varying text must not grow the cache for ever.
  const char* prepared_name(const std::string& sql, int parameters);

  static constexpr std::size_t kMaxPrepared = 256;

  pg_conn* connection_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;
};

}  // namespace baton::store::postgres
