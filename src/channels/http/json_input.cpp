#include "channels/http/json_input.hpp"

#include <boost/json/parse.hpp>

namespace baton::channels::http {
namespace json = boost::json;

core::Result<json::object> parse_object(std::string_view body, bool allow_empty) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    if (allow_empty) return json::object{};
    return core::fail(core::ErrorCode::invalid_json, "the body must be a JSON object");
  }
  boost::system::error_code error;
  // Bounded depth: a deeply nested body cannot exhaust the stack.
  json::parse_options options;
  options.max_depth = 32;
  json::value value = json::parse(body, error, {}, options);
  if (error) return core::fail(core::ErrorCode::invalid_json, "the body is not valid JSON: " + error.message());
  if (!value.is_object()) return core::fail(core::ErrorCode::invalid_json, "the body must be a JSON object");
  return std::move(value.as_object());
}

core::Result<std::string> required_string(const json::object& body, std::string_view field) {
  auto value = optional_string(body, field);
  if (!value) return tl::unexpected(value.error());
  if (!*value) return core::fail(core::ErrorCode::invalid_field, std::string(field) + " is required");
  return std::move(**value);
}

core::Result<std::optional<std::string>> optional_string(const json::object& body, std::string_view field) {
  auto found = body.find(field);
  if (found == body.end() || found->value().is_null()) return std::optional<std::string>();
  if (!found->value().is_string()) {
    return core::fail(core::ErrorCode::invalid_field, std::string(field) + " must be a string");
  }
  return std::optional<std::string>(std::string(found->value().as_string()));
}

core::Result<std::optional<bool>> optional_bool(const json::object& body, std::string_view field) {
  auto found = body.find(field);
  if (found == body.end() || found->value().is_null()) return std::optional<bool>();
  if (!found->value().is_bool()) {
    return core::fail(core::ErrorCode::invalid_field, std::string(field) + " must be true or false");
  }
  return std::optional<bool>(found->value().as_bool());
}

namespace {

std::optional<std::int64_t> whole_number(const json::value& value) {
  if (value.is_int64()) return value.as_int64();
  if (value.is_uint64() && value.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value.as_uint64());
  }
  return std::nullopt;
}

core::Error not_in_range(std::string_view field, std::int64_t min, std::int64_t max) {
  return core::Error{core::ErrorCode::invalid_field, std::string(field) + " must be a whole number from " +
                                                         std::to_string(min) + " to " + std::to_string(max)};
}

}  // namespace

core::Result<std::optional<std::int64_t>> optional_integer(const json::object& body, std::string_view field,
                                                           std::int64_t min, std::int64_t max) {
  auto value = nullable_integer(body, field, min, max);
  if (!value) return tl::unexpected(value.error());
  return value->value_or(std::nullopt);
}

core::Result<std::optional<std::optional<std::int64_t>>> nullable_integer(const json::object& body,
                                                                          std::string_view field, std::int64_t min,
                                                                          std::int64_t max) {
  using Cleared = std::optional<std::optional<std::int64_t>>;
  auto found = body.find(field);
  if (found == body.end()) return Cleared();
  if (found->value().is_null()) return Cleared(std::optional<std::int64_t>());
  auto number = whole_number(found->value());
  if (!number || *number < min || *number > max) return tl::unexpected(not_in_range(field, min, max));
  return Cleared(number);
}

core::Result<std::optional<std::vector<std::string>>> optional_string_list(const json::object& body,
                                                                           std::string_view field,
                                                                           std::size_t max_items) {
  auto found = body.find(field);
  if (found == body.end() || found->value().is_null()) return std::optional<std::vector<std::string>>();
  const auto* array = found->value().if_array();
  if (!array || array->size() > max_items) {
    return core::fail(core::ErrorCode::invalid_field,
                      std::string(field) + " must be a list of at most " + std::to_string(max_items) + " strings");
  }
  std::vector<std::string> items;
  for (const auto& item : *array) {
    if (!item.is_string()) return core::fail(core::ErrorCode::invalid_field, std::string(field) + " must hold strings");
    items.emplace_back(item.as_string());
  }
  return std::optional(std::move(items));
}

}  // namespace baton::channels::http
