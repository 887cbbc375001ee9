// PostgreSQL behind the shape the shared queries (store/sql) are written for, SQLite's: `?`
// placeholders (renumbered $1, $2... here), parameters bound by index, rows stepped through and
// read by column. Values come back in SQLite's forms: a timestamptz as core::format_time's text,
// a boolean as 0 or 1, a bytea as its bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/connection.hpp"

namespace baton::store::postgres {

class Session;

// A bytea parameter in PostgreSQL's text form: "\\x" and two hex digits per byte.
std::string bytea_text(std::string_view bytes);

class Statement {
 public:
  Statement(Session& session, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, const std::optional<std::string>& text);
  Statement& bind_blob(int index, std::string_view bytes);

  bool step();  // runs the statement on the first call; true while a row is ready
  void run();   // runs it (if not yet) and leaves its rows

  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t integer(int column) const;
  std::string blob(int column) const;

 private:
  void execute();
  Param& slot(int index);

  Session& session_;
  std::string sql_;
  std::vector<Param> params_;
  std::optional<Result> result_;
  int row_ = -1;
};

class Session {
 public:
  explicit Session(Connection& connection) : connection_(connection) {}

  Statement prepare(std::string_view sql) { return Statement(*this, sql); }
  // Rows the last statement run touched.
  std::int64_t changes() const { return changes_; }
  // A write transaction's reads lock what they read, so that two nodes never decide on the same
  // row at once (no key update: other rows' foreign keys to it are not blocked).
  static std::string row_lock(std::string_view table) { return " FOR NO KEY UPDATE OF " + std::string(table); }
  // A lock that also holds off foreign-key checks of rows referring to it (a row about to go).
  static std::string key_lock(std::string_view table) { return " FOR UPDATE OF " + std::string(table); }
  // Serialises the assignment passes of one assistant across nodes until the transaction ends
  // (the first key keeps these locks apart from any other advisory lock).
  static std::optional<std::string> routing_lock() { return "SELECT pg_advisory_xact_lock(7401, hashtext(?))"; }

 private:
  friend class Statement;
  Connection& connection_;
  std::int64_t changes_ = 0;
};

}  // namespace baton::store::postgres
