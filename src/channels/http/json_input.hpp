// Reading untrusted JSON bodies: every wrong shape becomes a clear 400, never an exception.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/error.hpp"

namespace baton::channels::http {

// The body as a JSON object; an empty body counts as {} when allow_empty.
core::Result<boost::json::object> parse_object(std::string_view body, bool allow_empty = false);

core::Result<std::string> required_string(const boost::json::object& body, std::string_view field);
core::Result<std::optional<std::string>> optional_string(const boost::json::object& body, std::string_view field);
core::Result<std::optional<bool>> optional_bool(const boost::json::object& body, std::string_view field);

}  // namespace baton::channels::http
