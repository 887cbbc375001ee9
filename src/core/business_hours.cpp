#include "core/business_hours.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace baton::core {
namespace {

using LocalDays = date::local_days;

// The longest stored text decode reads: every list full is about 35 KB.
constexpr std::size_t kMaxEncodedBytes = 64 * 1024;
constexpr std::string_view kFormatLine = "hours 1";

// ---- Fields -------------------------------------------------------------------------------------

tl::unexpected<Error> invalid(std::string message) { return fail(ErrorCode::invalid_field, std::move(message)); }

bool is_real_date(const LocalDate& local) {
  if (local.year < 1 || local.year > 9999 || local.month < 1 || local.month > 12 || local.day < 1 || local.day > 31) {
    return false;
  }
  return date::year_month_day{date::year{local.year}, date::month{static_cast<unsigned>(local.month)},
                              date::day{static_cast<unsigned>(local.day)}}
      .ok();
}

Result<void> check_range(const std::string& field, int open, int close) {
  if (open < 0 || open >= kMinutesPerDay) return invalid(field + ".open must be HH:MM before 24:00");
  if (close < 0 || close > kMinutesPerDay) return invalid(field + ".close must be HH:MM");
  // Equal times could mean nothing or a whole day; 00:00-24:00 says the whole day plainly.
  if (open == close) return invalid(field + " must not open and close at the same time");
  return {};
}

Result<void> check_counts(const BusinessHours& hours) {
  if (hours.weekly.size() > kMaxWeeklyRanges) {
    return invalid("weekly may hold at most " + std::to_string(kMaxWeeklyRanges) + " ranges");
  }
  if (hours.closed_dates.size() > kMaxClosedDates) {
    return invalid("closed_dates may hold at most " + std::to_string(kMaxClosedDates) + " dates");
  }
  if (hours.special.size() > kMaxSpecialRanges) {
    return invalid("special may hold at most " + std::to_string(kMaxSpecialRanges) + " ranges");
  }
  return {};
}

// Every check but the zone's existence, which decode leaves to the reader of the schedule.
Result<void> check_fields(const BusinessHours& hours) {
  if (auto counts = check_counts(hours); !counts) return counts;
  for (std::size_t i = 0; i < hours.weekly.size(); ++i) {
    const WeeklyRange& range = hours.weekly[i];
    const std::string field = "weekly[" + std::to_string(i) + "]";
    if (range.day < 0 || range.day > 6) return invalid(field + ".day must be 0 (Sunday) to 6 (Saturday)");
    if (auto checked = check_range(field, range.open, range.close); !checked) return checked;
  }
  for (std::size_t i = 0; i < hours.closed_dates.size(); ++i) {
    if (!is_real_date(hours.closed_dates[i])) {
      return invalid("closed_dates[" + std::to_string(i) + "] must be a date YYYY-MM-DD");
    }
  }
  for (std::size_t i = 0; i < hours.special.size(); ++i) {
    const SpecialDay& special = hours.special[i];
    const std::string field = "special[" + std::to_string(i) + "]";
    if (!is_real_date(special.date)) return invalid(field + ".date must be a date YYYY-MM-DD");
    if (auto checked = check_range(field, special.open, special.close); !checked) return checked;
  }
  return {};
}

template <class T>
void sort_and_deduplicate(std::vector<T>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

void normalise(BusinessHours& hours) {
  // A close at 00:00 is the coming midnight, the same as 24:00: one spelling finds duplicates.
  for (WeeklyRange& range : hours.weekly) {
    if (range.close == 0) range.close = kMinutesPerDay;
  }
  for (SpecialDay& special : hours.special) {
    if (special.close == 0) special.close = kMinutesPerDay;
  }
  sort_and_deduplicate(hours.weekly);
  sort_and_deduplicate(hours.closed_dates);
  sort_and_deduplicate(hours.special);
}

// ---- Zones and local time -----------------------------------------------------------------------

const date::time_zone* find_zone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {  // the library's way of saying "no such zone"
    return nullptr;
  }
}

const date::time_zone& zone_or_utc(const BusinessHours& hours) {
  if (const date::time_zone* zone = find_zone(hours.timezone)) return *zone;
  return *date::locate_zone("Etc/UTC");
}

LocalDate to_local_date(LocalDays day) {
  const date::year_month_day calendar{day};
  return LocalDate{static_cast<int>(calendar.year()), static_cast<int>(static_cast<unsigned>(calendar.month())),
                   static_cast<int>(static_cast<unsigned>(calendar.day()))};
}

LocalDays local_day_of(const date::time_zone& zone, TimePoint at) { return date::floor<date::days>(zone.to_local(at)); }

// The instant the zone's clocks read `minutes` after the start of `day` (past 1440: the next
// day). A time skipped by a DST change maps to the first instant after the gap, a time that
// happens twice to the first time; either way later local times never map to earlier instants.
TimePoint local_instant(const date::time_zone& zone, LocalDays day, int minutes) {
  const auto local = day + std::chrono::minutes{minutes};
  return std::chrono::time_point_cast<std::chrono::milliseconds>(zone.to_sys(local, date::choose::earliest));
}

// ---- Openings -----------------------------------------------------------------------------------

struct ClockRange {
  int open = 0;
  int close = 0;
};

// The schedule arranged for asking "which ranges start on this date?".
class DailyRanges {
 public:
  explicit DailyRanges(const BusinessHours& hours) : closed_(hours.closed_dates), special_(hours.special) {
    for (const WeeklyRange& range : hours.weekly) {
      if (range.day >= 0 && range.day <= 6) weekly_[range.day].push_back({range.open, range.close});
    }
    std::sort(closed_.begin(), closed_.end());
    std::sort(special_.begin(), special_.end());
  }

  std::vector<ClockRange> starting_on(LocalDays day) const {
    const LocalDate local = to_local_date(day);
    if (std::binary_search(closed_.begin(), closed_.end(), local)) return {};  // closed beats special
    const auto [first, last] =
        std::equal_range(special_.begin(), special_.end(), SpecialDay{local, 0, 0},
                         [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
    if (first != last) {
      std::vector<ClockRange> ranges;
      for (auto special = first; special != last; ++special) ranges.push_back({special->open, special->close});
      return ranges;
    }
    return weekly_[date::weekday{day}.c_encoding()];
  }

 private:
  std::array<std::vector<ClockRange>, 7> weekly_;
  std::vector<LocalDate> closed_;
  std::vector<SpecialDay> special_;
};

// A stretch of open time, [start, end).
struct Opening {
  TimePoint start;
  TimePoint end;
  // It reaches the end of the days looked at, so a later day may extend it: its end is unknown.
  bool runs_past_window = false;
};

// The openings of a run of local days, in order, with ranges that touch or overlap merged,
// computed a day at a time so a question answered early never builds the whole window.
class OpeningWalker {
 public:
  OpeningWalker(const BusinessHours& hours, const date::time_zone& zone, LocalDays first_day, LocalDays last_day)
      : ranges_(hours), zone_(zone), next_day_(first_day), last_day_(last_day) {}

  std::optional<Opening> next() {
    // Nothing starting on a later day starts before that day's midnight: once the next day's
    // midnight is after the earliest pending start, that start is the earliest of all.
    while (next_day_ <= last_day_ && (pending_.empty() || day_start(next_day_) <= pending_.front().start)) {
      load_next_day();
    }
    if (pending_.empty()) return std::nullopt;
    Opening opening = take_earliest();
    while (true) {
      while (next_day_ <= last_day_ && day_start(next_day_) <= opening.end) load_next_day();
      if (pending_.empty() || pending_.front().start > opening.end) break;
      opening.end = std::max(opening.end, take_earliest().end);
    }
    opening.runs_past_window = next_day_ > last_day_ && day_start(last_day_ + date::days{1}) <= opening.end;
    return opening;
  }

 private:
  TimePoint day_start(LocalDays day) const { return local_instant(zone_, day, 0); }

  void load_next_day() {
    for (const ClockRange& range : ranges_.starting_on(next_day_)) {
      const int end_minutes = range.close > range.open ? range.close : range.close + kMinutesPerDay;
      const TimePoint start = local_instant(zone_, next_day_, range.open);
      const TimePoint end = local_instant(zone_, next_day_, end_minutes);
      if (end > start) pending_.push_back({start, end});  // else it lay inside a skipped hour
    }
    std::sort(pending_.begin(), pending_.end(), [](const Opening& a, const Opening& b) { return a.start < b.start; });
    next_day_ += date::days{1};
  }

  Opening take_earliest() {
    Opening earliest = pending_.front();
    pending_.erase(pending_.begin());
    return earliest;
  }

  DailyRanges ranges_;
  const date::time_zone& zone_;
  LocalDays next_day_;
  LocalDays last_day_;
  std::vector<Opening> pending_;  // loaded, not yet returned, by start
};

// ---- Encoding -----------------------------------------------------------------------------------

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
    if (end == std::string_view::npos) return parts;
    begin = end + 1;
  }
}

// Letters, digits and "_+-/": every IANA name, and nothing that could break a line apart.
bool looks_like_zone_name(std::string_view name) {
  constexpr std::size_t kMaxZoneName = 64;
  if (name.empty() || name.size() > kMaxZoneName) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
           c == '-' || c == '/';
  });
}

std::optional<int> parse_weekday(std::string_view text) {
  if (text.size() != 1 || text[0] < '0' || text[0] > '6') return std::nullopt;
  return text[0] - '0';
}

// One "weekly", "closed" or "special" line, appended to `hours`; false if it is none of them.
bool decode_entry(std::string_view line, BusinessHours& hours) {
  const std::vector<std::string_view> fields = split(line, ' ');
  if (fields[0] == "weekly" && fields.size() == 4) {
    const auto day = parse_weekday(fields[1]);
    const auto open = parse_clock(fields[2]);
    const auto close = parse_clock(fields[3]);
    if (!day || !open || !close) return false;
    hours.weekly.push_back({*day, *open, *close});
    return true;
  }
  if (fields[0] == "closed" && fields.size() == 2) {
    const auto local = parse_local_date(fields[1]);
    if (!local) return false;
    hours.closed_dates.push_back(*local);
    return true;
  }
  if (fields[0] == "special" && fields.size() == 4) {
    const auto local = parse_local_date(fields[1]);
    const auto open = parse_clock(fields[2]);
    const auto close = parse_clock(fields[3]);
    if (!local || !open || !close) return false;
    hours.special.push_back({*local, *open, *close});
    return true;
  }
  return false;
}

// ---- Words --------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 7> kChineseWeekdays = {"週日", "週一", "週二", "週三", "週四", "週五", "週六"};
constexpr std::array<std::string_view, 7> kEnglishWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                              "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kEnglishMonths = {"January",   "February", "March",    "April",
                                                             "May",       "June",     "July",     "August",
                                                             "September", "October",  "November", "December"};

// A non-negative number with leading zeros to `width` digits ("07", "2027").
std::string padded(int value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

// "GMT+8", "GMT-5", "GMT+5:30", "GMT" for UTC itself (seconds of old local mean times dropped).
std::string offset_label(std::chrono::seconds offset) {
  const long long total_minutes = std::llabs(offset.count()) / 60;
  if (total_minutes == 0) return "GMT";
  std::string label = offset.count() < 0 ? "GMT-" : "GMT+";
  label += std::to_string(total_minutes / 60);
  if (total_minutes % 60 != 0) {
    label += ':';
    label += padded(static_cast<int>(total_minutes % 60), 2);
  }
  return label;
}

std::string join(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (std::string_view part : parts) text += part;
  return text;
}

}  // namespace

Result<BusinessHours> validate_business_hours(BusinessHours hours) {
  if (!find_zone(hours.timezone)) return fail(ErrorCode::invalid_timezone, "timezone must be an IANA time zone name");
  if (auto checked = check_fields(hours); !checked) return tl::unexpected<Error>(checked.error());
  normalise(hours);
  return hours;
}

std::optional<int> parse_clock(std::string_view text) {
  const auto digit = [&](std::size_t at) { return text[at] >= '0' && text[at] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
  return hours * 60 + minutes;
}

std::string format_clock(int minutes) {
  const int clamped = std::clamp(minutes, 0, kMinutesPerDay);
  return padded(clamped / 60, 2) + ":" + padded(clamped % 60, 2);
}

std::optional<LocalDate> parse_local_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t length) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = at; i < at + length; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (!year || !month || !day) return std::nullopt;
  const LocalDate local{*year, *month, *day};
  if (!is_real_date(local)) return std::nullopt;
  return local;
}

std::string format_local_date(const LocalDate& local) {
  return padded(std::clamp(local.year, 0, 9999), 4) + "-" + padded(std::clamp(local.month, 0, 99), 2) + "-" +
         padded(std::clamp(local.day, 0, 99), 2);
}

HoursStatus hours_status(const BusinessHours& hours, TimePoint at) {
  if (!hours.enabled) return HoursStatus{true, std::nullopt, std::nullopt};
  const date::time_zone& zone = zone_or_utc(hours);
  // The day before: an overnight range started then may still be open.
  const LocalDays today = local_day_of(zone, at);
  OpeningWalker walker(hours, zone, today - date::days{1}, today + date::days{kLookaheadDays});
  while (const std::optional<Opening> opening = walker.next()) {
    if (opening->end <= at) continue;
    const auto end = opening->runs_past_window ? std::nullopt : std::optional<TimePoint>(opening->end);
    if (opening->start > at) return HoursStatus{false, opening->start, end};
    HoursStatus status{true, std::nullopt, end};
    if (end) {
      if (const std::optional<Opening> following = walker.next()) status.next_open_at = following->start;
    }
    return status;
  }
  return HoursStatus{false, std::nullopt, std::nullopt};
}

bool is_open(const BusinessHours& hours, TimePoint at) {
  if (!hours.enabled) return true;
  const date::time_zone& zone = zone_or_utc(hours);
  const LocalDays today = local_day_of(zone, at);
  // Only ranges starting yesterday (overnight) or today can hold `at`.
  OpeningWalker walker(hours, zone, today - date::days{1}, today);
  while (const std::optional<Opening> opening = walker.next()) {
    if (opening->start > at) return false;
    if (at < opening->end) return true;
  }
  return false;
}

std::chrono::milliseconds business_duration(const BusinessHours& hours, TimePoint from, TimePoint to) {
  using std::chrono::milliseconds;
  if (to <= from) return milliseconds{0};
  if (!hours.enabled) return to - from;
  const milliseconds measured_span = std::min<milliseconds>(to - from, date::days{kLookaheadDays});
  const TimePoint measured_to = from + measured_span;
  const date::time_zone& zone = zone_or_utc(hours);
  OpeningWalker walker(hours, zone, local_day_of(zone, from) - date::days{1}, local_day_of(zone, measured_to));
  milliseconds open{0};
  while (const std::optional<Opening> opening = walker.next()) {
    const TimePoint start = std::max(opening->start, from);
    const TimePoint end = std::min(opening->end, measured_to);
    if (end > start) open += end - start;
  }
  const milliseconds rest = (to - from) - measured_span;
  if (rest <= milliseconds{0}) return open;
  // Beyond the measured days, the share of open time measured in them (at most all of it).
  const long double share = static_cast<long double>(open.count()) / static_cast<long double>(measured_span.count());
  const auto rest_open = static_cast<milliseconds::rep>(static_cast<long double>(rest.count()) * share);
  return open + std::clamp(milliseconds{rest_open}, milliseconds{0}, rest);
}

std::string encode_business_hours(const BusinessHours& hours) {
  std::string text = join({kFormatLine, "\nenabled ", hours.enabled ? "1" : "0", "\nzone ", hours.timezone, "\n"});
  for (const WeeklyRange& range : hours.weekly) {
    text += join(
        {"weekly ", std::to_string(range.day), " ", format_clock(range.open), " ", format_clock(range.close), "\n"});
  }
  for (const LocalDate& closed : hours.closed_dates) text += join({"closed ", format_local_date(closed), "\n"});
  for (const SpecialDay& special : hours.special) {
    text += join({"special ", format_local_date(special.date), " ", format_clock(special.open), " ",
                  format_clock(special.close), "\n"});
  }
  return text;
}

std::optional<BusinessHours> decode_business_hours(std::string_view text) {
  if (text.empty()) return BusinessHours{};
  if (text.size() > kMaxEncodedBytes || text.back() != '\n') return std::nullopt;
  std::vector<std::string_view> lines = split(text, '\n');
  lines.pop_back();  // the empty piece after the final newline
  if (lines.size() < 3 || lines[0] != kFormatLine) return std::nullopt;
  BusinessHours hours;
  if (lines[1] == "enabled 1") {
    hours.enabled = true;
  } else if (lines[1] != "enabled 0") {
    return std::nullopt;
  }
  constexpr std::string_view kZonePrefix = "zone ";
  if (!lines[2].starts_with(kZonePrefix) || !looks_like_zone_name(lines[2].substr(kZonePrefix.size()))) {
    return std::nullopt;
  }
  hours.timezone = std::string(lines[2].substr(kZonePrefix.size()));
  for (std::size_t i = 3; i < lines.size(); ++i) {
    if (!decode_entry(lines[i], hours)) return std::nullopt;
  }
  if (!check_fields(hours)) return std::nullopt;
  return hours;
}

std::string next_opening_text(const BusinessHours& hours, TimePoint next_open, TimePoint now,
                              std::string_view language) {
  const date::time_zone& zone = zone_or_utc(hours);
  const auto local = zone.to_local(next_open);
  const LocalDays day = date::floor<date::days>(local);
  const std::string clock = format_clock(static_cast<int>(date::floor<std::chrono::minutes>(local - day).count()));
  const std::string offset = offset_label(zone.get_info(next_open).offset);
  // A weekday names one day only within the coming week; further away it needs the date.
  const auto days_away = (day - local_day_of(zone, now)).count();
  const bool by_weekday = days_away >= 0 && days_away <= 6;
  const unsigned weekday = date::weekday{day}.c_encoding();
  const LocalDate local_date = to_local_date(day);
  if (language.starts_with("zh")) {
    const std::string when =
        by_weekday ? std::string(kChineseWeekdays[weekday])
                   : " " + std::to_string(local_date.month) + "月" + std::to_string(local_date.day) + "日";
    return join({"我們將於", when, " ", clock, "（", offset, "）回覆"});
  }
  const std::string when =
      by_weekday ? std::string(kEnglishWeekdays[weekday])
                 : std::to_string(local_date.day) + " " + std::string(kEnglishMonths[local_date.month - 1]);
  return join({"We will reply on ", when, " at ", clock, " (", offset, ")."});
}

}  // namespace baton::core
