#include "core/report_time.hpp"

#include <date/tz.h>

#include <chrono>
#include <cstdio>

#include "core/business_hours.hpp"
#include "core/time.hpp"

namespace baton::core {
namespace {

using LocalTime = date::local_time<std::chrono::milliseconds>;

const date::time_zone* find_zone(std::string_view name) {
  if (name.empty() || name.size() > 64) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {  // the library's way of saying "no such zone"
    return nullptr;
  }
}

LocalTime to_local(const date::time_zone& zone, TimePoint time) { return zone.to_local(time); }

// The instant a local time names; a time skipped by a summer-time change means the change.
TimePoint to_instant(const date::time_zone& zone, LocalTime local) {
  return zone.to_sys(local, date::choose::earliest);
}

date::local_days start_of_day(const date::time_zone& zone, TimePoint time) {
  return date::floor<date::days>(to_local(zone, time));
}

TimePoint day_start(const date::time_zone& zone, date::local_days day) {
  return to_instant(zone, LocalTime(std::chrono::duration_cast<std::chrono::milliseconds>(day.time_since_epoch())));
}

Error bad_field(std::string message) { return {ErrorCode::invalid_field, std::move(message)}; }

// One end of the range: a date (its day's start; `end` moves to the next day's) or a time.
std::optional<TimePoint> range_end(std::string_view text, const date::time_zone& zone, bool end) {
  if (auto date = parse_local_date(text)) {
    const date::local_days day{date::year_month_day{date::year{date->year},
                                                    date::month{static_cast<unsigned>(date->month)},
                                                    date::day{static_cast<unsigned>(date->day)}}};
    return day_start(zone, end ? day + date::days{1} : day);
  }
  return parse_client_time(text);
}

// The start of the bucket holding `local`.
LocalTime bucket_floor(LocalTime local, BucketSize size) {
  const auto day = date::floor<date::days>(local);
  switch (size) {
    case BucketSize::hour:
      return date::floor<std::chrono::hours>(local);
    case BucketSize::day:
      return LocalTime(day);
    case BucketSize::week: {
      const date::weekday weekday{day};
      return LocalTime(day - (weekday - date::Monday));
    }
    case BucketSize::month: {
      const date::year_month_day ymd{day};
      return LocalTime(date::local_days{ymd.year() / ymd.month() / 1});
    }
  }
  return LocalTime(day);
}

LocalTime bucket_next(LocalTime start, BucketSize size) {
  switch (size) {
    case BucketSize::hour:
      return start + std::chrono::hours{1};
    case BucketSize::day:
      return start + date::days{1};
    case BucketSize::week:
      return start + date::days{7};
    case BucketSize::month: {
      const date::year_month_day ymd{date::floor<date::days>(start)};
      return LocalTime(date::local_days{(ymd.year() / ymd.month() / 1) + date::months{1}});
    }
  }
  return start + date::days{1};
}

}  // namespace

std::optional<BucketSize> parse_bucket_size(std::string_view name) {
  if (name == "hour") return BucketSize::hour;
  if (name == "day") return BucketSize::day;
  if (name == "week") return BucketSize::week;
  if (name == "month") return BucketSize::month;
  return std::nullopt;
}

bool is_known_timezone(std::string_view name) { return find_zone(name) != nullptr; }

Result<ReportRange> report_range(const std::optional<std::string>& from, const std::optional<std::string>& to,
                                 const std::string& timezone, TimePoint now) {
  const auto* zone = find_zone(timezone);
  if (!zone) return fail(ErrorCode::invalid_timezone, "tz must be an IANA time zone name such as Asia/Taipei");
  const auto today = start_of_day(*zone, now);
  ReportRange range{day_start(*zone, today - date::days{6}), day_start(*zone, today + date::days{1}), timezone};
  if (from) {
    auto start = range_end(*from, *zone, false);
    if (!start) return tl::unexpected(bad_field("from must be a date (YYYY-MM-DD) or an RFC 3339 time"));
    range.from = *start;
  }
  if (to) {
    auto end = range_end(*to, *zone, true);
    if (!end) return tl::unexpected(bad_field("to must be a date (YYYY-MM-DD) or an RFC 3339 time"));
    range.to = *end;
  }
  if (range.to <= range.from) return tl::unexpected(bad_field("from must come before to"));
  if (range.to - range.from > date::days{kMaxReportDays}) {
    return tl::unexpected(bad_field("a report covers at most " + std::to_string(kMaxReportDays) + " days"));
  }
  return range;
}

Result<std::vector<Bucket>> report_buckets(const ReportRange& range, BucketSize size) {
  const auto* zone = find_zone(range.timezone);
  if (!zone) return fail(ErrorCode::invalid_timezone, "tz must be an IANA time zone name such as Asia/Taipei");
  std::vector<Bucket> buckets;
  auto local = bucket_floor(to_local(*zone, range.from), size);
  auto start = to_instant(*zone, local);
  while (start < range.to) {
    if (buckets.size() >= kMaxBuckets) {
      return tl::unexpected(bad_field("too many buckets: choose a larger group_by or a shorter range"));
    }
    // Hours step in real time, so that the hour a summer-time change repeats is two buckets;
    // the others step on the local calendar (a day may last 23 or 25 hours).
    TimePoint next;
    if (size == BucketSize::hour) {
      next = start + std::chrono::hours{1};
      local = to_local(*zone, next);
    } else {
      local = bucket_next(local, size);
      next = to_instant(*zone, local);
    }
    if (next <= start) continue;  // a local hour skipped by a summer-time change
    buckets.push_back(Bucket{start, std::max(start, range.from), std::min(next, range.to)});
    start = next;
  }
  return buckets;
}

std::string format_local_time(TimePoint time, std::string_view timezone) {
  const auto* zone = find_zone(timezone);
  if (!zone) return format_time(time);
  const auto seconds = date::floor<std::chrono::seconds>(time);
  const auto info = zone->get_info(seconds);
  const auto local = date::local_seconds{(seconds + info.offset).time_since_epoch()};
  const auto offset_minutes = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  const auto magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char sign = offset_minutes < 0 ? '-' : '+';
  char tail[8];
  std::snprintf(tail, sizeof tail, "%c%02d:%02d", sign, static_cast<int>(magnitude / 60),
                static_cast<int>(magnitude % 60));
  return date::format("%Y-%m-%dT%H:%M:%S", local) + tail;
}

}  // namespace baton::core
