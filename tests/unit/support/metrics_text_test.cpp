// The Prometheus text format as the registry writes it: headers, escaping, numbers, and the
// histogram's cumulative buckets, +Inf, sum and count.
#include <gtest/gtest.h>

#include "support/metrics/registry.hpp"

namespace baton::metrics {
namespace {

TEST(MetricsText, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(escape_label_value(R"(a\b"c)"
                               "\n"
                               "d"),
            R"(a\\b\"c\nd)");
  EXPECT_EQ(escape_label_value("/api/v1/conversations/{id}"), "/api/v1/conversations/{id}");
  EXPECT_EQ(escape_label_value("轉接真人"), "轉接真人") << "UTF-8 passes as is";
}

TEST(MetricsText, NumbersAreIntegersWhenWholeAndInfinitiesAreSpelledOut) {
  EXPECT_EQ(format_number(3), "3");
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(-2), "-2");
  EXPECT_EQ(format_number(0.25), "0.25");
  EXPECT_EQ(format_number(1.0 / 0.0), "+Inf");
  EXPECT_EQ(format_number(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(format_number(0.0 / 0.0), "NaN");
}

TEST(MetricsText, ACounterFamilyWritesHelpTypeAndOneLinePerSeries) {
  Registry registry;
  auto& family = registry.counter("baton_things_total", "Things, with a \\ and a\nnewline.", {"kind"});
  family.add({"a\"b"}).inc(2);
  family.add({"plain"});
  EXPECT_EQ(registry.render(),
            "# HELP baton_things_total Things, with a \\\\ and a\\nnewline.\n"
            "# TYPE baton_things_total counter\n"
            "baton_things_total{kind=\"a\\\"b\"} 2\n"
            "baton_things_total{kind=\"plain\"} 0\n");
}

TEST(MetricsText, AGaugeWithoutLabelsHasNoBraces) {
  Registry registry;
  registry.gauge("baton_level", "A level.").add({}).set(1.5);
  EXPECT_EQ(registry.render(), "# HELP baton_level A level.\n# TYPE baton_level gauge\nbaton_level 1.5\n");
}

TEST(MetricsText, AHistogramWritesCumulativeBucketsInfSumAndCount) {
  Registry registry;
  auto& seconds = registry.histogram("baton_wait_seconds", "Waits.", {5, 15, 30}, {"channel"}).add({"web"});
  seconds.observe(5);   // at a bound: counted in it (le)
  seconds.observe(7);   // 15
  seconds.observe(12);  // 15
  seconds.observe(99);  // only +Inf
  EXPECT_EQ(registry.render(),
            "# HELP baton_wait_seconds Waits.\n"
            "# TYPE baton_wait_seconds histogram\n"
            "baton_wait_seconds_bucket{channel=\"web\",le=\"5\"} 1\n"
            "baton_wait_seconds_bucket{channel=\"web\",le=\"15\"} 3\n"
            "baton_wait_seconds_bucket{channel=\"web\",le=\"30\"} 3\n"
            "baton_wait_seconds_bucket{channel=\"web\",le=\"+Inf\"} 4\n"
            "baton_wait_seconds_sum{channel=\"web\"} 123\n"
            "baton_wait_seconds_count{channel=\"web\"} 4\n");
}

TEST(MetricsText, AFractionalBoundIsWrittenInItsShortestForm) {
  Registry registry;
  registry.histogram("baton_commit_seconds", "Commits.", {0.0005, 0.25}).add({}).observe(0.1);
  const auto text = registry.render();
  EXPECT_NE(text.find("baton_commit_seconds_bucket{le=\"0.0005\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("baton_commit_seconds_bucket{le=\"0.25\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("baton_commit_seconds_sum 0.1\n"), std::string::npos) << text;
}

TEST(MetricsText, AFamilyRefusesTheWrongNumberOfLabels) {
  Registry registry;
  auto& family = registry.counter("baton_x_total", "X.", {"a", "b"});
  EXPECT_THROW(family.add({"only one"}), std::invalid_argument);
}

}  // namespace
}  // namespace baton::metrics
