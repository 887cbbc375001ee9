// An assistant's business hours (team operations §4.9): when its team answers, in its own time
// zone, and what that means for a moment, a duration and the words a customer reads.
// Pure functions over the IANA zones of the system's zoneinfo (Howard Hinnant's date library).
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/schedule.hpp"
#include "core/types.hpp"

namespace baton::core {

// A schedule as given (an API body): the zone must exist (invalid_timezone); days, times and
// dates must be real and counts bounded (invalid_field, naming the field: "weekly[2].close must
// be HH:MM"). Answers it normalised: a close at 00:00 written as 24:00 (the same midnight), each
// list sorted, duplicates removed.
Result<BusinessHours> validate_business_hours(BusinessHours hours);

// "HH:MM" in 00:00..24:00 as minutes since midnight; "24:00" (1440) is only valid as a close,
// which validate_business_hours checks.
std::optional<int> parse_clock(std::string_view text);
std::string format_clock(int minutes);  // 0..1440 -> "00:00".."24:00"

// "YYYY-MM-DD", a real calendar date.
std::optional<LocalDate> parse_local_date(std::string_view text);
std::string format_local_date(const LocalDate& date);

struct HoursStatus {
  bool open_now = false;
  // Open: when the current opening ends (ranges that touch or overlap count as one opening, so
  // 22:00-24:00 then 00:00-02:00 closes at 02:00) and when the following one starts.
  // Closed: when the next opening starts and when it ends.
  // Unset when nothing is found within kLookaheadDays.
  std::optional<TimePoint> next_open_at;
  std::optional<TimePoint> next_close_at;
};

// Not enabled: open, with neither time. A local time that does not exist on a date (the hour
// skipped when summer time starts) means the first instant after the skipped hour; one that
// happens twice (when it ends) means the first of the two. A zone the system no longer knows
// (validated once, removed from tzdata since) is read as UTC rather than failing.
HoursStatus hours_status(const BusinessHours& hours, TimePoint at);
bool is_open(const BusinessHours& hours, TimePoint at);

// How much of [from, to) lies inside opening hours: never more than to - from, zero when
// to <= from, all of it when not enabled. Only the first kLookaheadDays days are measured
// exactly; any rest counts at the share of open time measured in them, so the work stays bounded
// and the answer stays close for a periodic schedule.
std::chrono::milliseconds business_duration(const BusinessHours& hours, TimePoint from, TimePoint to);

// The schedule as text for one TEXT column: lines ending in "\n", single spaces between fields,
// in this order:
//   hours 1                          format version
//   enabled 0|1
//   zone <IANA name>
// then any number of these, each kept in its order:
//   weekly <day 0..6> <HH:MM> <HH:MM>
//   closed <YYYY-MM-DD>
//   special <YYYY-MM-DD> <HH:MM> <HH:MM>
// For example:
//   hours 1\nenabled 1\nzone Asia/Taipei\nweekly 1 09:00 12:00\nclosed 2026-12-25\n
// decode is strict (the exact layout, real times and dates, the counts above, at most 64 KiB)
// but does not look the zone up, so a stored schedule still reads if tzdata drops its zone.
// decode(encode(h)) == h for any schedule whose fields are valid; "" decodes to the default
// (disabled, UTC) schedule.
std::string encode_business_hours(const BusinessHours& hours);
std::optional<BusinessHours> decode_business_hours(std::string_view text);

// What a customer reads while the team is closed, naming the next opening in the schedule's
// zone with its UTC offset at that instant. language "zh…": "我們將於週一 09:00（GMT+8）回覆";
// else English: "We will reply on Monday at 09:00 (GMT+8)." An opening more than 6 local days
// after `now` is named by its date instead of its weekday ("12月25日", "25 December").
std::string next_opening_text(const BusinessHours& hours, TimePoint next_open, TimePoint now,
                              std::string_view language);

}  // namespace baton::core
