// Time for reports (team operations §4.10): a report's range and its buckets, read in an IANA
// zone, so that "a day" is the team's day (an event at 16:30Z on 11-01 is 11-02 in Taipei).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

namespace baton::core {

enum class BucketSize { hour, day, week, month };
std::optional<BucketSize> parse_bucket_size(std::string_view name);

// Whether the system's tzdata knows the IANA name.
bool is_known_timezone(std::string_view name);

struct ReportRange {
  TimePoint from;  // inclusive
  TimePoint to;    // exclusive
  std::string timezone;
};

// A range from the query's `from` and `to`: each a date (YYYY-MM-DD, a whole day in the zone:
// `to` names the last day included) or an RFC 3339 UTC time. Unset: the 7 days ending with the
// day of `now`. 400 invalid_timezone for an unknown zone, invalid_field for an unreadable date
// or an empty or reversed range, or one longer than kMaxReportDays.
inline constexpr int kMaxReportDays = 400;
Result<ReportRange> report_range(const std::optional<std::string>& from, const std::optional<std::string>& to,
                                 const std::string& timezone, TimePoint now);

struct Bucket {
  TimePoint start;  // where the bucket starts in the zone (before the range's start for the first)
  TimePoint from;   // the part of the range inside it: [from, to)
  TimePoint to;
};
// Every bucket the range touches, in order, none left out. Weeks start on Monday. At most
// kMaxBuckets (invalid_field beyond).
inline constexpr std::size_t kMaxBuckets = 2000;
Result<std::vector<Bucket>> report_buckets(const ReportRange& range, BucketSize size);

// The instant as local time with its offset in the zone: "2026-11-02T00:00:00+08:00".
std::string format_local_time(TimePoint time, std::string_view timezone);

}  // namespace baton::core
