// Reading untrusted JSON bodies: every wrong shape becomes a clear 400, never an exception.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

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

}  // namespace baton::channels::http
