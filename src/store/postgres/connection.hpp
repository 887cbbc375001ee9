// A thin RAII layer over one libpq connection: text parameters in, text results out, and every
// failure a StoreError that carries PostgreSQL's SQLSTATE (so a writer can tell a deadlock or a
// serialization failure, which it retries, from a real error).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

 private:
  std::string sqlstate_;
};

class Result {
 public:
  explicit Result(pg_result* result);
  int rows() const;
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
  // One statement with $1... parameters.
  Result query(std::string_view sql, const std::vector<Param>& params = {});
  // Inside BEGIN ... COMMIT (or a failed transaction awaiting ROLLBACK).
  bool in_transaction() const;

 private:
  Result checked(pg_result* result, std::string_view sql);

  pg_conn* connection_ = nullptr;
};

}  // namespace baton::store::postgres
