// Reading untrusted JSON bodies: every wrong shape becomes a clear 400, never an exception.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace baton::channels::http {

// The body as a JSON object; an empty body counts as {} when allow_empty.
core::Result<boost::json::object> parse_object(std::string_view body, bool allow_empty = false);

core::Result<std::string> required_string(const boost::json::object& body, std::string_view field);
// Several required string fields at once, in the order asked; the first problem wins.
template <std::size_t N>
core::Result<std::array<std::string, N>> required_strings(const boost::json::object& body,
                                                          const std::array<std::string_view, N>& fields) {
  std::array<std::string, N> values;
  for (std::size_t i = 0; i < N; ++i) {
    auto value = required_string(body, fields[i]);
    if (!value) return tl::unexpected(value.error());
    values[i] = std::move(*value);
  }
  return values;
}

core::Result<std::optional<std::string>> optional_string(const boost::json::object& body, std::string_view field);
core::Result<std::optional<bool>> optional_bool(const boost::json::object& body, std::string_view field);
// A whole number in [min, max]; absent or null: unset.
core::Result<std::optional<std::int64_t>> optional_integer(const boost::json::object& body, std::string_view field,
                                                           std::int64_t min, std::int64_t max);
// A field a PATCH may clear: absent gives unset, null gives a set empty value.
core::Result<std::optional<std::optional<std::int64_t>>> nullable_integer(const boost::json::object& body,
                                                                          std::string_view field, std::int64_t min,
                                                                          std::int64_t max);
// A count read by nullable_integer within int's range (its max was checked).
inline std::optional<int> narrow_count(const std::optional<std::int64_t>& count) {
  return count ? std::optional<int>(static_cast<int>(*count)) : std::nullopt;
}
// An array of at most `max_items` strings; absent or null: unset.
core::Result<std::optional<std::vector<std::string>>> optional_string_list(const boost::json::object& body,
                                                                           std::string_view field,
                                                                           std::size_t max_items);

}  // namespace baton::channels::http
