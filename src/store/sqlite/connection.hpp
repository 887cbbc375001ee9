// A thin RAII layer over one sqlite3 connection with a cache of prepared statements.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace baton::store::sqlite {

// A prepared statement borrowed from the connection's cache; reset when it goes out of scope.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* statement);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, const std::optional<std::string>& text);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::string_view bytes);

  bool step();  // true when a row is ready
  void run();   // steps to completion

  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t integer(int column) const;
  std::string blob(int column) const;

 private:
  sqlite3_stmt* statement_;
};

class Connection {
 public:
  Connection(const std::string& path, bool read_only);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  int changes() const;
  // The one writer holds the whole database: a write transaction's reads need no row locks.
  static std::string row_lock(std::string_view) { return {}; }
  static std::string key_lock(std::string_view) { return {}; }
  static std::optional<std::string> routing_lock() { return std::nullopt; }  // one writer: always serial

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace baton::store::sqlite
