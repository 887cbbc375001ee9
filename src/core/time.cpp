#include "core/time.hpp"

#include <charconv>
#include <cstdio>
#include <string>

namespace baton::core {

std::string format_time(TimePoint time) {
  using namespace std::chrono;
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
  return buffer;
}

std::optional<TimePoint> parse_time(std::string_view text) {
  using namespace std::chrono;
  // Only the form format_time writes.
  if (text.size() != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != '.' || text[23] != 'Z') {
    return std::nullopt;
  }
  const auto number = [&](std::size_t at, std::size_t length) -> std::optional<int> {
    int value = 0;
    auto [end, error] = std::from_chars(text.data() + at, text.data() + at + length, value);
    if (error != std::errc{} || end != text.data() + at + length) return std::nullopt;
    return value;
  };
  auto y = number(0, 4), mo = number(5, 2), d = number(8, 2), h = number(11, 2), mi = number(14, 2), s = number(17, 2),
       ms = number(20, 3);
  if (!y || !mo || !d || !h || !mi || !s || !ms) return std::nullopt;
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok() || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  return time_point_cast<milliseconds>(sys_days{date}) + hours{*h} + minutes{*mi} + seconds{*s} + milliseconds{*ms};
}

std::optional<TimePoint> parse_client_time(std::string_view text) {
  if (text.size() != 20 || text.back() != 'Z') return parse_time(text);
  std::string with_millis(text.substr(0, 19));
  with_millis += ".000Z";
  return parse_time(with_millis);
}

TimePoint now_ms() { return std::chrono::time_point_cast<std::chrono::milliseconds>(Clock::now()); }

}  // namespace baton::core
