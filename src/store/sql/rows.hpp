// Reading typed values out of result rows, for any store whose rows have text(), optional_text()
// and integer() (SQLite's Statement, PostgreSQL's): a value that cannot be read means a corrupt row.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/names.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace baton::store::sql {

template <class T>
T must(std::optional<T> value, std::string_view what) {
  if (!value) throw StoreError("corrupt row: bad " + std::string(what));
  return *value;
}

template <class Row>
core::TimePoint time_at(const Row& row, int column) {
  return must(core::parse_time(row.text(column)), "time");
}

template <class Row>
std::optional<core::TimePoint> optional_time_at(const Row& row, int column) {
  auto text = row.optional_text(column);
  if (!text) return std::nullopt;
  return must(core::parse_time(*text), "time");
}

inline std::optional<std::string> optional_time_text(const std::optional<core::TimePoint>& time) {
  return time ? std::optional(core::format_time(*time)) : std::nullopt;
}

// A nullable count (a capacity): read as text, which both stores give for any column.
template <class Row>
std::optional<int> optional_count(const Row& row, int column) {
  auto text = row.optional_text(column);
  if (!text) return std::nullopt;
  try {
    return std::stoi(*text);
  } catch (const std::exception&) {
    throw StoreError("corrupt row: bad count");
  }
}

inline std::optional<std::string> optional_count_text(const std::optional<int>& count) {
  return count ? std::optional(std::to_string(*count)) : std::nullopt;
}

// A list of ids in one column, separated by spaces (ids never hold one).
inline std::string join_ids(const std::vector<core::Id>& ids) {
  std::string joined;
  for (const auto& id : ids) {
    if (!joined.empty()) joined += ' ';
    joined += id;
  }
  return joined;
}

inline std::vector<core::Id> split_ids(std::string_view joined) {
  std::vector<core::Id> ids;
  while (!joined.empty()) {
    const auto space = joined.find(' ');
    if (space != 0) ids.emplace_back(joined.substr(0, space));
    if (space == std::string_view::npos) break;
    joined.remove_prefix(space + 1);
  }
  return ids;
}

// "SELECT " + columns + " FROM ...": a query from its parts.
inline std::string sql(std::string_view head, std::string_view columns, std::string_view tail) {
  return std::string(head) + std::string(columns) + std::string(tail);
}

// An attachment from the 8 columns at `first`: id, kind, source_id, file_name, content_type,
// size, status, created_at (its conversation and message come from the caller's row).
template <class Row>
core::Attachment attachment_from(const Row& row, int first) {
  core::Attachment attachment;
  attachment.id = row.text(first);
  attachment.kind = must(core::parse_attachment_kind(row.text(first + 1)), "attachment kind");
  attachment.source_id = row.text(first + 2);
  attachment.file_name = row.text(first + 3);
  attachment.content_type = row.text(first + 4);
  attachment.size = row.integer(first + 5);
  attachment.status = must(core::parse_attachment_status(row.text(first + 6)), "attachment status");
  attachment.created_at = time_at(row, first + 7);
  return attachment;
}

}  // namespace baton::store::sql
