#include "store/postgres/connection.hpp"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <charconv>

namespace baton::store::postgres {
namespace {

// The first line of libpq's message (the rest repeats the statement), without its newline.
std::string first_line(const char* message) {
  std::string text = message ? message : "";
  const auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

// The server's notices ("relation already exists, skipping") go to the debug log, not stderr.
void log_notice(void*, const PGresult* result) {
  spdlog::debug("event=postgres_notice message=\"{}\"", first_line(PQresultErrorMessage(result)));
}

}  // namespace

PgError::PgError(std::string sqlstate, const std::string& message)
    : StoreError("postgresql " + sqlstate + ": " + message), sqlstate_(std::move(sqlstate)) {}

bool PgError::retryable() const { return sqlstate_ == "40P01" || sqlstate_ == "40001"; }

void Result::Free::operator()(pg_result* result) const { PQclear(result); }

Result::Result(pg_result* result) : result_(result) {}

int Result::rows() const { return PQntuples(result_.get()); }

std::string Result::command_tag() const { return PQcmdStatus(result_.get()); }

std::int64_t Result::affected() const {
  const char* count = PQcmdTuples(result_.get());
  std::int64_t value = 0;
  if (count && *count) std::from_chars(count, count + std::char_traits<char>::length(count), value);
  return value;
}

bool Result::is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }

std::string Result::text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::optional<std::string> Result::optional_text(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return text(row, column);
}

std::int64_t Result::integer(int row, int column) const {
  const std::string value = text(row, column);
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc{} || end != value.data() + value.size()) {
    throw StoreError("corrupt row: not an integer: " + value);
  }
  return number;
}

unsigned Result::type(int column) const { return PQftype(result_.get(), column); }

bool Result::boolean(int row, int column) const {
  const std::string value = text(row, column);
  if (value == "t") return true;
  if (value == "f") return false;
  throw StoreError("corrupt row: not a boolean: " + value);
}

Connection::Connection(const std::string& url) : connection_(PQconnectdb(url.c_str())) {
  if (!connection_ || PQstatus(connection_) != CONNECTION_OK) {
    const std::string message = connection_ ? first_line(PQerrorMessage(connection_)) : "out of memory";
    if (connection_) PQfinish(connection_);
    connection_ = nullptr;
    throw PgError("08001", "cannot connect: " + message);
  }
  PQsetNoticeReceiver(connection_, log_notice, nullptr);
  // Times cross the wire in one form, whatever the server's defaults.
  exec("SET TIME ZONE 'UTC'; SET datestyle = 'ISO, YMD'; SET client_encoding = 'UTF8'");
}

Connection::~Connection() {
  if (connection_) PQfinish(connection_);
}

Result Connection::checked(pg_result* result, std::string_view sql) {
  Result owned(result);
  const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return owned;
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(connection_);
  // A lost connection has no SQLSTATE: 08006 (connection_failure) says so.
  throw PgError(state ? state : "08006", first_line(message) + " [in: " + std::string(sql.substr(0, 120)) + "]");
}

bool Connection::in_transaction() const { return PQtransactionStatus(connection_) != PQTRANS_IDLE; }

void Connection::commit() {
  auto result = checked(PQexec(connection_, "COMMIT"), "COMMIT");
  if (result.command_tag() != "COMMIT") {
    throw PgError("25P02", "the transaction was rolled back at COMMIT (a statement in it had failed)");
  }
}

void Connection::exec(std::string_view sql) { checked(PQexec(connection_, std::string(sql).c_str()), sql); }

const char* Connection::prepared_name(const std::string& sql, int parameters) {
  if (auto found = prepared_.find(sql); found != prepared_.end()) return found->second.c_str();
  if (prepared_.size() >= kMaxPrepared) return nullptr;
  std::string name = "baton_" + std::to_string(prepared_.size());
  // Prepared statements belong to the session, not the transaction: a rollback keeps them.
  checked(PQprepare(connection_, name.c_str(), sql.c_str(), parameters, nullptr), sql);
  return prepared_.emplace(sql, std::move(name)).first->second.c_str();
}

Result Connection::query(std::string_view sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  const std::string text(sql);
  const int count = static_cast<int>(values.size());
  if (const char* name = prepared_name(text, count)) {
    return checked(PQexecPrepared(connection_, name, count, values.data(), nullptr, nullptr, 0), sql);
  }
  return checked(PQexecParams(connection_, text.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0), sql);
}

}  // namespace baton::store::postgres
