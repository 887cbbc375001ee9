// Reading typed values out of result rows; a value that cannot be read means a corrupt file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace baton::store::sqlite {

template <class T>
T must(std::optional<T> value, std::string_view what) {
  if (!value) throw StoreError("corrupt row: bad " + std::string(what));
  return *value;
}

inline core::TimePoint time_at(const Statement& row, int column) {
  return must(core::parse_time(row.text(column)), "time");
}

inline std::optional<core::TimePoint> optional_time_at(const Statement& row, int column) {
  auto text = row.optional_text(column);
  if (!text) return std::nullopt;
  return must(core::parse_time(*text), "time");
}

inline std::optional<std::string> optional_time_text(const std::optional<core::TimePoint>& time) {
  return time ? std::optional(core::format_time(*time)) : std::nullopt;
}

}  // namespace baton::store::sqlite
