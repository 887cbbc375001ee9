#include "channels/http/handler_support.hpp"

#include <charconv>

namespace baton::channels::http {

core::Result<std::int64_t> integer_query(const RequestContext& context, std::string_view key, std::int64_t fallback,
                                         std::int64_t min, std::int64_t max) {
  auto text = context.query(key);
  if (!text) return fallback;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
    return core::fail(core::ErrorCode::invalid_field, std::string(key) + " must be an integer from " +
                                                          std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

}  // namespace baton::channels::http
