// An assistant's business hours as data (team operations §4.9); what they mean at an instant is
// core/business_hours.hpp. Apart so that the domain types can hold a schedule.
#pragma once

#include <compare>
#include <cstddef>
#include <string>
#include <vector>

namespace baton::core {

// Minutes since local midnight: 0 (00:00) .. 1440 (24:00, a close only).
inline constexpr int kMinutesPerDay = 24 * 60;

// How many of each a schedule may hold (a week of split shifts; a year or so of dates).
inline constexpr std::size_t kMaxWeeklyRanges = 70;
inline constexpr std::size_t kMaxClosedDates = 400;
inline constexpr std::size_t kMaxSpecialRanges = 400;

// How far ahead hours_status looks for an opening or a closing before answering "none".
inline constexpr int kLookaheadDays = 400;

// One opening on a weekday. A range belongs to the local date it starts on; close <= open is
// overnight: it ends at `close` on the next day (22:00-02:00).
struct WeeklyRange {
  int day = 0;  // 0 = Sunday .. 6 = Saturday
  int open = 0;
  int close = 0;
  auto operator<=>(const WeeklyRange&) const = default;
};

// A calendar date in the schedule's zone.
struct LocalDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const LocalDate&) const = default;
};

// Hours of one date that replace its weekly ranges (a shorter Christmas Eve); overnight as above.
struct SpecialDay {
  LocalDate date;
  int open = 0;
  int close = 0;
  auto operator<=>(const SpecialDay&) const = default;
};

// The ranges starting on a date are: none if the date is closed (even if it also has special
// ranges), else its special ranges if it has any, else the weekly ranges of its weekday. An
// overnight range that started the day before still runs past midnight into a closed date.
// Not enabled: always open. Enabled without any range: never open.
struct BusinessHours {
  bool enabled = false;
  std::string timezone = "UTC";  // an IANA name
  std::vector<WeeklyRange> weekly;
  std::vector<LocalDate> closed_dates;
  std::vector<SpecialDay> special;
  bool operator==(const BusinessHours&) const = default;
};

}  // namespace baton::core
