// The pure parts of reports: nearest-rank percentiles, a report's range and its buckets in a
// time zone, and adding up facts per window.
#include <gtest/gtest.h>

#include "core/report_metrics.hpp"
#include "core/report_time.hpp"
#include "core/time.hpp"

namespace baton::core {
namespace {

TimePoint at(const char* text) { return *parse_client_time(text); }

TEST(ReportsMath, PercentilesUseTheNearestRank) {
  const std::vector<std::int64_t> sorted{1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000};
  EXPECT_EQ(nearest_rank(sorted, 50), 5000);
  EXPECT_EQ(nearest_rank(sorted, 90), 9000);
  EXPECT_EQ(nearest_rank(sorted, 91), 10000);
  EXPECT_EQ(nearest_rank({7}, 50), 7);
  const auto stats = duration_stats({3000, 1000, 2000});
  EXPECT_EQ(stats, (DurationStats{3, 2.0, 2.0, 3.0}));
  EXPECT_EQ(duration_stats({}), (DurationStats{0, std::nullopt, std::nullopt, std::nullopt}));
}

TEST(ReportsMath, DatesAreWholeDaysInTheZone) {
  auto range = report_range("2026-11-02", "2026-11-02", "Asia/Taipei", at("2026-12-01T00:00:00Z"));
  ASSERT_TRUE(range);
  EXPECT_EQ(range->from, at("2026-11-01T16:00:00Z"));
  EXPECT_EQ(range->to, at("2026-11-02T16:00:00Z"));
  auto times = report_range("2026-11-01T16:30:00Z", "2026-11-01T17:00:00Z", "UTC", at("2026-12-01T00:00:00Z"));
  ASSERT_TRUE(times);
  EXPECT_EQ(times->from, at("2026-11-01T16:30:00Z"));
}

TEST(ReportsMath, WithoutDatesTheLastSevenDays) {
  auto range = report_range(std::nullopt, std::nullopt, "UTC", at("2026-11-10T12:00:00Z"));
  ASSERT_TRUE(range);
  EXPECT_EQ(range->from, at("2026-11-04T00:00:00Z"));
  EXPECT_EQ(range->to, at("2026-11-11T00:00:00Z"));
}

TEST(ReportsMath, BadRangesAndZonesAreRefused) {
  const auto now = at("2026-11-10T12:00:00Z");
  EXPECT_EQ(report_range("2026-11-01", "2026-11-02", "Nowhere/City", now).error().code, ErrorCode::invalid_timezone);
  EXPECT_EQ(report_range("yesterday", std::nullopt, "UTC", now).error().code, ErrorCode::invalid_field);
  EXPECT_EQ(report_range("2026-02-30", std::nullopt, "UTC", now).error().code, ErrorCode::invalid_field);
  EXPECT_EQ(report_range("2026-11-05", "2026-11-01", "UTC", now).error().code, ErrorCode::invalid_field);
  EXPECT_EQ(report_range("2020-01-01", "2026-11-01", "UTC", now).error().code, ErrorCode::invalid_field);
}

TEST(ReportsMath, BucketsCoverTheRangeInTheZone) {
  ReportRange range{at("2026-11-01T16:00:00Z"), at("2026-11-04T16:00:00Z"), "Asia/Taipei"};
  auto days = report_buckets(range, BucketSize::day);
  ASSERT_TRUE(days);
  ASSERT_EQ(days->size(), 3u);
  EXPECT_EQ(format_local_time((*days)[0].start, "Asia/Taipei"), "2026-11-02T00:00:00+08:00");
  EXPECT_EQ((*days)[2].to, range.to);
  auto weeks = report_buckets(range, BucketSize::week);
  ASSERT_TRUE(weeks);
  ASSERT_EQ(weeks->size(), 1u) << "Monday 11-02 starts the week";
  auto months =
      report_buckets(ReportRange{at("2026-10-20T00:00:00Z"), at("2026-12-02T00:00:00Z"), "UTC"}, BucketSize::month);
  ASSERT_TRUE(months);
  ASSERT_EQ(months->size(), 3u);
  EXPECT_EQ((*months)[0].start, at("2026-10-01T00:00:00Z"));
  EXPECT_EQ((*months)[0].from, at("2026-10-20T00:00:00Z")) << "the first bucket counts from the range's start";
}

TEST(ReportsMath, ASummerTimeDayHasItsOwnLength) {
  // New York's clocks go back on 2026-11-01: that day is 25 hours long.
  ReportRange range{at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z"), "America/New_York"};
  auto days = report_buckets(range, BucketSize::day);
  ASSERT_TRUE(days);
  ASSERT_EQ(days->size(), 1u);
  EXPECT_EQ((*days)[0].to - (*days)[0].from, std::chrono::hours(25));
  auto hours = report_buckets(range, BucketSize::hour);
  ASSERT_TRUE(hours);
  EXPECT_EQ(hours->size(), 25u);
}

TEST(ReportsMath, SummarizeCountsOnlyTheWindowAndTheAgent) {
  std::vector<ReportFact> facts{
      {FactKind::resolution, at("2026-11-01T00:00:00Z"), "c1", "ag_1"},
      {FactKind::resolution, at("2026-11-02T00:00:00Z"), "c2", "ag_2"},
      {FactKind::wait, at("2026-11-01T01:00:00Z"), "c1", "ag_1", 10'000, 4'000},
      {FactKind::csat_submitted, at("2026-11-01T02:00:00Z"), "c1", "ag_1", 0, 0, 4},
  };
  ReportWindow window{at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"), std::nullopt, false};
  auto summary = summarize(facts, window);
  EXPECT_EQ(summary.resolutions, 1) << "the end is exclusive";
  EXPECT_EQ(summary.wait_time.avg_s, 10.0);
  EXPECT_EQ(summary.csat.score_pct, 100.0);
  EXPECT_FALSE(summary.csat.response_rate) << "no survey requested: no rate";
  window.business_hours = true;
  EXPECT_EQ(summarize(facts, window).wait_time.avg_s, 4.0);
  window.agent_id = "ag_2";
  window.to = at("2026-11-03T00:00:00Z");
  EXPECT_EQ(summarize(facts, window).resolutions, 1);
}

}  // namespace
}  // namespace baton::core
