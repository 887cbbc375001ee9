// Request bodies through the JSON field readers (channels/http/json_input.hpp): any bytes give
// an object or a 400-type error, never an exception; what is read is what the body holds.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <exception>
#include <string>

#include "channels/http/json_input.hpp"
#include "support/fuzz_check.hpp"

namespace {
namespace json = boost::json;
using baton::core::ErrorCode;

std::size_t depth(const json::value& value) {
  std::size_t deepest = 0;
  if (const auto* object = value.if_object()) {
    for (const auto& item : *object) deepest = std::max(deepest, depth(item.value()));
    return deepest + 1;
  }
  if (const auto* array = value.if_array()) {
    for (const auto& item : *array) deepest = std::max(deepest, depth(item));
    return deepest + 1;
  }
  return 0;
}

// Boost.JSON reads 1e999 as infinity and writes that as `Infinity`, which is not JSON.
bool finite_numbers(const json::value& value) {
  if (const auto* object = value.if_object()) {
    return std::all_of(object->begin(), object->end(), [](const auto& item) { return finite_numbers(item.value()); });
  }
  if (const auto* array = value.if_array()) return std::all_of(array->begin(), array->end(), finite_numbers);
  if (const auto* number = value.if_double()) return std::isfinite(*number);
  return true;
}

// Equal, but doubles only nearly: Boost.JSON 1.81 reads decimals fast rather than correctly
// rounded, so writing one and reading it back may move it by an ulp.
bool same(const json::value& a, const json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double(), y = b.get_double();
    return x == y || std::abs(x - y) <= 1e-12 * std::max(std::abs(x), std::abs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (const auto* object = a.if_object()) {
    const auto& other = b.get_object();
    if (object->size() != other.size()) return false;
    return std::all_of(object->begin(), object->end(), [&](const auto& item) {
      const auto* match = other.if_contains(item.key());
      return match && same(item.value(), *match);
    });
  }
  if (const auto* array = a.if_array()) {
    const auto& other = b.get_array();
    return array->size() == other.size() && std::equal(array->begin(), array->end(), other.begin(), same);
  }
  return a == b;
}

void check_field(const json::object& body, std::string_view field) {
  using namespace baton::channels::http;
  const auto* value = body.if_contains(field);
  const bool absent = !value || value->is_null();

  const auto text = optional_string(body, field);
  FUZZ_CHECK(text.has_value() == (absent || value->is_string()), "optional_string accepts exactly strings");
  if (text && *text) {
    FUZZ_CHECK(**text == std::string_view(value->get_string()), "optional_string answers the string");
    FUZZ_CHECK(baton::fuzz::valid_utf8(**text), "a string read from JSON is valid UTF-8");
  }
  if (!text) FUZZ_CHECK(text.error().code == ErrorCode::invalid_field, "a wrong type is invalid_field");

  const auto required = required_string(body, field);
  FUZZ_CHECK(required.has_value() == (!absent && value->is_string()), "required_string needs a string");
  if (!required) FUZZ_CHECK(required.error().code == ErrorCode::invalid_field, "a missing field is invalid_field");

  const auto flag = optional_bool(body, field);
  FUZZ_CHECK(flag.has_value() == (absent || value->is_bool()), "optional_bool accepts exactly booleans");
  if (flag && *flag) FUZZ_CHECK(**flag == value->get_bool(), "optional_bool answers the value");

  // Several at once: the first problem wins.
  const auto both = required_strings<2>(body, {field, "text"});
  const auto second = required_string(body, "text");
  FUZZ_CHECK(both.has_value() == (required.has_value() && second.has_value()), "required_strings is each of them");
  if (both) FUZZ_CHECK((*both)[0] == *required && (*both)[1] == *second, "required_strings answers in order");
  if (!both && !required) FUZZ_CHECK(both.error().message == required.error().message, "the first problem wins");
}

void check(std::string_view body) {
  using namespace baton::channels::http;
  const bool blank = body.find_first_not_of(" \t\r\n") == std::string_view::npos;
  const auto strict = parse_object(body);
  const auto lenient = parse_object(body, true);
  if (blank) {
    FUZZ_CHECK(!strict && strict.error().code == ErrorCode::invalid_json, "a blank body is not an object");
    FUZZ_CHECK(lenient && lenient->empty(), "a blank body counts as {} when allowed");
    return;
  }
  FUZZ_CHECK(strict.has_value() == lenient.has_value(), "allow_empty only concerns blank bodies");
  if (!strict) {
    FUZZ_CHECK(strict.error().code == ErrorCode::invalid_json, "what is not an object is invalid_json");
    return;
  }
  const json::value parsed(*strict);
  FUZZ_CHECK(depth(parsed) <= 32, "nesting is bounded");
  if (finite_numbers(parsed)) {
    const auto again = parse_object(json::serialize(*strict));
    FUZZ_CHECK(again && same(json::value(*again), parsed), "what was read serializes and reads back the same");
  }

  check_field(*strict, "text");
  check_field(*strict, "");
  int fields = 0;
  for (const auto& item : *strict) {
    if (++fields > 16) break;
    check_field(*strict, item.key());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "the JSON readers never throw");
}
