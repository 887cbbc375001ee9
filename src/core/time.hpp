// RFC 3339 UTC times with milliseconds ("2026-11-26T01:02:03.456Z"); they sort as text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace baton::core {

std::string format_time(TimePoint time);
std::optional<TimePoint> parse_time(std::string_view text);
// A time a client sends: Baton's own form, or the same in whole seconds ("…T10:01:00Z").
std::optional<TimePoint> parse_client_time(std::string_view text);
TimePoint now_ms();

}  // namespace baton::core
