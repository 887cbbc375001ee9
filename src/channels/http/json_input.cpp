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

}  // namespace baton::channels::http
