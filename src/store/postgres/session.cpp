#include "store/postgres/session.hpp"

#include <libpq-fe.h>

namespace baton::store::postgres {
namespace {

constexpr unsigned kTimestampTz = 1184;  // pg_type oids of the columns read back specially
constexpr unsigned kBool = 16;
constexpr unsigned kBytea = 17;

// `?` → $1, $2... (the shared queries hold no `?` inside string literals).
std::string numbered(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  for (char c : sql) {
    if (c == '?') {
      out += '$' + std::to_string(++next);
    } else {
      out += c;
    }
  }
  return out;
}

// "2026-12-06 22:17:59.123+00" (UTC, ISO, any number of fraction digits) → "2026-12-06T22:17:59.123Z".
std::string rfc3339(const std::string& text) {
  if (text.size() < 22 || text[10] != ' ' || text.compare(text.size() - 3, 3, "+00") != 0) {
    throw StoreError("corrupt row: unexpected time " + text);
  }
  std::string fraction;
  const auto dot = text.find('.', 19);
  if (dot != std::string::npos) fraction = text.substr(dot + 1, text.size() - 3 - dot - 1);
  fraction.resize(3, '0');
  return text.substr(0, 10) + "T" + text.substr(11, 8) + "." + fraction + "Z";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Statement::Statement(Session& session, std::string_view sql) : session_(session), sql_(numbered(sql)) {}

Param& Statement::slot(int index) {
  if (index < 1) throw StoreError("bind: parameter index " + std::to_string(index));
  if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
  return params_[static_cast<std::size_t>(index) - 1];
}

Statement& Statement::bind(int index, std::string_view text) {
  slot(index) = std::string(text);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  slot(index) = std::to_string(value);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  slot(index) = text;
  return *this;
}

std::string bytea_text(std::string_view bytes) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string hex = "\\x";
  hex.reserve(2 + bytes.size() * 2);
  for (unsigned char byte : bytes) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xf];
  }
  return hex;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  slot(index) = bytea_text(bytes);
  return *this;
}

void Statement::execute() {
  result_.emplace(session_.connection_.query(sql_, params_));
  session_.changes_ = result_->affected();
  row_ = -1;
}

bool Statement::step() {
  if (!result_) execute();
  ++row_;
  return row_ < result_->rows();
}

void Statement::run() {
  if (!result_) execute();
}

std::string Statement::text(int column) const {
  auto value = result_->text(row_, column);
  return result_->type(column) == kTimestampTz && !result_->is_null(row_, column) ? rfc3339(value) : value;
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (result_->is_null(row_, column)) return std::nullopt;
  return text(column);
}

std::int64_t Statement::integer(int column) const {
  if (result_->type(column) == kBool) return result_->boolean(row_, column) ? 1 : 0;
  return result_->integer(row_, column);
}

std::string Statement::blob(int column) const {
  const auto value = result_->text(row_, column);
  if (result_->type(column) != kBytea || value.size() < 2 || value[0] != '\\' || value[1] != 'x' ||
      value.size() % 2 != 0) {
    throw StoreError("corrupt row: not a bytea in hex form");
  }
  std::string bytes;
  bytes.reserve((value.size() - 2) / 2);
  for (std::size_t at = 2; at < value.size(); at += 2) {
    const int high = hex_value(value[at]);
    const int low = hex_value(value[at + 1]);
    if (high < 0 || low < 0) throw StoreError("corrupt row: bad hex in a bytea");
    bytes += static_cast<char>(high * 16 + low);
  }
  return bytes;
}

}  // namespace baton::store::postgres
