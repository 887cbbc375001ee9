// Business hours: openings in a zone, DST changes, durations, the stored text and the words
// customers read.
#include "core/business_hours.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace baton::core {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using namespace std::chrono_literals;

// "2026-03-06 18:01" as an instant, written in UTC.
TimePoint utc(std::string_view day_and_clock) {
  const auto day = parse_local_date(day_and_clock.substr(0, 10));
  const auto clock = parse_clock(day_and_clock.substr(11));
  if (!day || !clock || day_and_clock.size() != 16) throw std::invalid_argument("bad test time");
  const std::chrono::year_month_day calendar{std::chrono::year{day->year},
                                             std::chrono::month{static_cast<unsigned>(day->month)},
                                             std::chrono::day{static_cast<unsigned>(day->day)}};
  return TimePoint{std::chrono::sys_days{calendar}} + minutes{*clock};
}

// The same, written as a wall clock in Taipei (UTC+8 all year).
TimePoint taipei(std::string_view day_and_clock) { return utc(day_and_clock) - 8h; }

WeeklyRange weekly(int day, std::string_view open, std::string_view close) {
  return WeeklyRange{day, *parse_clock(open), *parse_clock(close)};
}

SpecialDay special(std::string_view local_date, std::string_view open, std::string_view close) {
  return SpecialDay{*parse_local_date(local_date), *parse_clock(open), *parse_clock(close)};
}

BusinessHours schedule(std::string timezone, std::vector<WeeklyRange> ranges) {
  BusinessHours hours;
  hours.enabled = true;
  hours.timezone = std::move(timezone);
  hours.weekly = std::move(ranges);
  return hours;
}

// Mon-Fri 09:00-12:00 and 13:00-18:00 in Taipei.
BusinessHours taipei_office() {
  std::vector<WeeklyRange> ranges;
  for (int day = 1; day <= 5; ++day) {
    ranges.push_back(weekly(day, "09:00", "12:00"));
    ranges.push_back(weekly(day, "13:00", "18:00"));
  }
  return schedule("Asia/Taipei", std::move(ranges));
}

// Monday 22:00 to Tuesday 02:00 in Taipei.
BusinessHours taipei_night_shift() { return schedule("Asia/Taipei", {weekly(1, "22:00", "02:00")}); }

// Every day 09:00-17:00 in New York.
BusinessHours new_york_daily() {
  std::vector<WeeklyRange> ranges;
  for (int day = 0; day <= 6; ++day) ranges.push_back(weekly(day, "09:00", "17:00"));
  return schedule("America/New_York", std::move(ranges));
}

// ---- Openings in Taipei (2026-03-06 is a Friday, 03-09 a Monday) ----

TEST(BusinessHours, FridayAfterSixIsClosedUntilMondayNine) {
  const HoursStatus status = hours_status(taipei_office(), taipei("2026-03-06 18:01"));
  EXPECT_FALSE(status.open_now);
  EXPECT_EQ(status.next_open_at, taipei("2026-03-09 09:00"));
  EXPECT_EQ(status.next_close_at, taipei("2026-03-09 12:00"));
}

TEST(BusinessHours, ClosedTextNamesMondayNineInTheSchedulesZone) {
  const BusinessHours office = taipei_office();
  const TimePoint now = taipei("2026-03-06 18:01");
  const TimePoint next_open = *hours_status(office, now).next_open_at;
  EXPECT_EQ(next_opening_text(office, next_open, now, "zh-TW"), "我們將於週一 09:00（GMT+8）回覆");
  EXPECT_EQ(next_opening_text(office, next_open, now, "en"), "We will reply on Monday at 09:00 (GMT+8).");
}

TEST(BusinessHours, LunchBreakIsClosedUntilOne) {
  const HoursStatus status = hours_status(taipei_office(), taipei("2026-03-03 12:30"));
  EXPECT_FALSE(status.open_now);
  EXPECT_EQ(status.next_open_at, taipei("2026-03-03 13:00"));
  EXPECT_EQ(status.next_close_at, taipei("2026-03-03 18:00"));
}

TEST(BusinessHours, MorningOpeningClosesAtNoonAndReopensAfterLunch) {
  const HoursStatus status = hours_status(taipei_office(), taipei("2026-03-03 11:59"));
  EXPECT_TRUE(status.open_now);
  EXPECT_EQ(status.next_close_at, taipei("2026-03-03 12:00"));
  EXPECT_EQ(status.next_open_at, taipei("2026-03-03 13:00"));
}

TEST(BusinessHours, OpeningIncludesItsStartAndExcludesItsEnd) {
  EXPECT_TRUE(is_open(taipei_office(), taipei("2026-03-03 09:00")));
  EXPECT_FALSE(is_open(taipei_office(), taipei("2026-03-03 18:00")));
  EXPECT_FALSE(is_open(taipei_office(), taipei("2026-03-07 10:00"))) << "Saturday";
}

TEST(BusinessHours, OvernightRangeIsOpenAtOneOnTuesday) {
  const HoursStatus status = hours_status(taipei_night_shift(), taipei("2026-03-03 01:00"));
  EXPECT_TRUE(status.open_now);
  EXPECT_EQ(status.next_close_at, taipei("2026-03-03 02:00"));
  EXPECT_EQ(status.next_open_at, taipei("2026-03-09 22:00"));
}

TEST(BusinessHours, OvernightRangeIsClosedAtTwoOnTuesday) {
  const HoursStatus status = hours_status(taipei_night_shift(), taipei("2026-03-03 02:00"));
  EXPECT_FALSE(status.open_now);
  EXPECT_EQ(status.next_open_at, taipei("2026-03-09 22:00"));
  EXPECT_EQ(status.next_close_at, taipei("2026-03-10 02:00"));
}

TEST(BusinessHours, TouchingRangesAcrossMidnightAreOneOpening) {
  const BusinessHours hours = schedule("Asia/Taipei", {weekly(1, "22:00", "24:00"), weekly(2, "00:00", "02:00")});
  const HoursStatus status = hours_status(hours, taipei("2026-03-02 23:00"));
  EXPECT_TRUE(status.open_now);
  EXPECT_EQ(status.next_close_at, taipei("2026-03-03 02:00"));
}

TEST(BusinessHours, OverlappingRangesAreOneOpening) {
  const BusinessHours hours = schedule("Asia/Taipei", {weekly(1, "09:00", "12:00"), weekly(1, "11:00", "15:00")});
  EXPECT_EQ(hours_status(hours, taipei("2026-03-02 10:00")).next_close_at, taipei("2026-03-02 15:00"));
}

TEST(BusinessHours, ClosedDateIsClosedAllDayAndSkipped) {
  BusinessHours office = taipei_office();
  office.closed_dates = {*parse_local_date("2026-03-09")};
  EXPECT_FALSE(is_open(office, taipei("2026-03-09 10:00")));
  EXPECT_EQ(hours_status(office, taipei("2026-03-06 18:01")).next_open_at, taipei("2026-03-10 09:00"));
}

TEST(BusinessHours, OvernightRangeRunsPastMidnightIntoClosedDate) {
  BusinessHours hours = taipei_night_shift();
  hours.closed_dates = {*parse_local_date("2026-03-03")};
  EXPECT_TRUE(is_open(hours, taipei("2026-03-03 01:00")));
}

TEST(BusinessHours, ClosedDateClosesTheOvernightRangeStartingOnIt) {
  BusinessHours hours = taipei_night_shift();
  hours.closed_dates = {*parse_local_date("2026-03-02")};
  EXPECT_FALSE(is_open(hours, taipei("2026-03-02 23:00")));
  EXPECT_FALSE(is_open(hours, taipei("2026-03-03 01:00")));
}

TEST(BusinessHours, SpecialDayReplacesThatDatesWeeklyHours) {
  BusinessHours office = taipei_office();  // 2026-12-24 is a Thursday
  office.special = {special("2026-12-24", "10:00", "14:00")};
  EXPECT_FALSE(is_open(office, taipei("2026-12-24 09:30")));
  EXPECT_TRUE(is_open(office, taipei("2026-12-24 12:30"))) << "no lunch break on the special day";
  const HoursStatus status = hours_status(office, taipei("2026-12-24 14:00"));
  EXPECT_FALSE(status.open_now);
  EXPECT_EQ(status.next_open_at, taipei("2026-12-25 09:00"));
}

TEST(BusinessHours, DateBothClosedAndSpecialIsClosed) {
  BusinessHours office = taipei_office();
  office.special = {special("2026-12-24", "10:00", "14:00")};
  office.closed_dates = {*parse_local_date("2026-12-24")};
  EXPECT_FALSE(is_open(office, taipei("2026-12-24 11:00")));
}

TEST(BusinessHours, SpecialHoursOpenOnAWeekend) {
  BusinessHours office = taipei_office();
  office.special = {special("2026-03-07", "10:00", "12:00"), special("2026-03-07", "14:00", "16:00")};
  const HoursStatus status = hours_status(office, taipei("2026-03-07 11:00"));
  EXPECT_TRUE(status.open_now);
  EXPECT_EQ(status.next_close_at, taipei("2026-03-07 12:00"));
  EXPECT_EQ(status.next_open_at, taipei("2026-03-07 14:00"));
}

TEST(BusinessHours, DisabledScheduleIsAlwaysOpen) {
  BusinessHours office = taipei_office();
  office.enabled = false;
  const HoursStatus status = hours_status(office, taipei("2026-03-07 03:00"));
  EXPECT_TRUE(status.open_now);
  EXPECT_FALSE(status.next_open_at);
  EXPECT_FALSE(status.next_close_at);
  EXPECT_TRUE(is_open(office, taipei("2026-03-07 03:00")));
}

TEST(BusinessHours, EnabledScheduleWithoutRangesIsNeverOpen) {
  const HoursStatus status = hours_status(schedule("Asia/Taipei", {}), taipei("2026-03-03 10:00"));
  EXPECT_FALSE(status.open_now);
  EXPECT_FALSE(status.next_open_at);
  EXPECT_FALSE(status.next_close_at);
}

TEST(BusinessHours, AllDayEveryDayHasNoCloseWithinTheLookahead) {
  std::vector<WeeklyRange> ranges;
  for (int day = 0; day <= 6; ++day) ranges.push_back(weekly(day, "00:00", "24:00"));
  BusinessHours hours = schedule("Asia/Taipei", std::move(ranges));
  const HoursStatus always = hours_status(hours, taipei("2026-03-03 10:00"));
  EXPECT_TRUE(always.open_now);
  EXPECT_FALSE(always.next_close_at);
  EXPECT_FALSE(always.next_open_at);

  hours.closed_dates = {*parse_local_date("2026-04-04")};
  const HoursStatus until_holiday = hours_status(hours, taipei("2026-03-03 10:00"));
  EXPECT_EQ(until_holiday.next_close_at, taipei("2026-04-04 00:00"));
  EXPECT_EQ(until_holiday.next_open_at, taipei("2026-04-05 00:00"));
}

TEST(BusinessHours, IsOpenAgreesWithStatusAcrossAWeek) {
  BusinessHours hours = taipei_office();
  hours.weekly.push_back(weekly(3, "22:00", "01:30"));
  hours.closed_dates = {*parse_local_date("2026-03-05")};
  for (TimePoint at = taipei("2026-03-01 00:00"); at < taipei("2026-03-09 00:00"); at += minutes{15}) {
    ASSERT_EQ(is_open(hours, at), hours_status(hours, at).open_now) << format_time(at);
  }
  EXPECT_TRUE(is_open(hours, taipei("2026-03-05 01:15"))) << "Wednesday's night runs into the closed Thursday";
}

// ---- Daylight saving time in New York ----

TEST(BusinessHours, NewYorkOpensAtNineOnTheDaySummerTimeStarts) {
  const HoursStatus status = hours_status(new_york_daily(), utc("2026-03-08 05:00"));  // 00:00 EST
  EXPECT_EQ(status.next_open_at, utc("2026-03-08 13:00")) << "09:00 EDT";
  EXPECT_EQ(status.next_close_at, utc("2026-03-08 21:00")) << "17:00 EDT";
}

TEST(BusinessHours, NewYorkOpensAtNineOnTheDaySummerTimeEnds) {
  const HoursStatus status = hours_status(new_york_daily(), utc("2026-11-01 04:00"));  // 00:00 EDT
  EXPECT_EQ(status.next_open_at, utc("2026-11-01 14:00")) << "09:00 EST";
  EXPECT_EQ(status.next_close_at, utc("2026-11-01 22:00")) << "17:00 EST";
}

TEST(BusinessHours, OpeningInsideTheSkippedHourOpensWhenItEnds) {
  const BusinessHours hours = schedule("America/New_York", {weekly(0, "02:30", "04:00")});  // 2026-03-08: Sunday
  const HoursStatus status = hours_status(hours, utc("2026-03-08 05:00"));
  EXPECT_EQ(status.next_open_at, utc("2026-03-08 07:00")) << "03:00 EDT";
  EXPECT_EQ(status.next_close_at, utc("2026-03-08 08:00")) << "04:00 EDT";
}

TEST(BusinessHours, RangeEntirelyInsideTheSkippedHourNeverOpens) {
  const BusinessHours hours = schedule("America/New_York", {weekly(0, "02:10", "02:50")});
  const HoursStatus status = hours_status(hours, utc("2026-03-08 05:00"));
  EXPECT_EQ(status.next_open_at, utc("2026-03-15 06:10")) << "the Sunday after, 02:10 EDT";
}

TEST(BusinessHours, RepeatedHourOpensAtItsFirstOccurrence) {
  const BusinessHours hours = schedule("America/New_York", {weekly(0, "01:30", "03:00")});  // 2026-11-01: Sunday
  const HoursStatus status = hours_status(hours, utc("2026-11-01 04:00"));
  EXPECT_EQ(status.next_open_at, utc("2026-11-01 05:30")) << "01:30 EDT, before the clocks go back";
  EXPECT_EQ(status.next_close_at, utc("2026-11-01 08:00")) << "03:00 EST: two and a half hours";
}

// ---- Validation ----

TEST(BusinessHours, UnknownZoneIsInvalidTimezone) {
  for (const char* zone : {"Mars/Olympus_Mons", "", "Asia/Taipei ", "../../etc/passwd"}) {
    const auto result = validate_business_hours(schedule(zone, {weekly(1, "09:00", "17:00")}));
    ASSERT_FALSE(result) << zone;
    EXPECT_EQ(result.error().code, ErrorCode::invalid_timezone) << zone;
  }
  EXPECT_TRUE(validate_business_hours(schedule("America/New_York", {})));
}

TEST(BusinessHours, BadRangesAreInvalidFieldsNamingTheField) {
  const auto error_of = [](std::vector<WeeklyRange> ranges) {
    auto result = validate_business_hours(schedule("Asia/Taipei", std::move(ranges)));
    return result ? Error{ErrorCode::internal, "accepted"} : result.error();
  };
  const WeeklyRange good = weekly(1, "09:00", "12:00");
  EXPECT_EQ(error_of({good, good, WeeklyRange{1, 540, 1441}}).message, "weekly[2].close must be HH:MM");
  EXPECT_EQ(error_of({WeeklyRange{1, 1440, 60}}).message, "weekly[0].open must be HH:MM before 24:00");
  EXPECT_EQ(error_of({WeeklyRange{1, -1, 60}}).message, "weekly[0].open must be HH:MM before 24:00");
  EXPECT_EQ(error_of({WeeklyRange{7, 540, 600}}).message, "weekly[0].day must be 0 (Sunday) to 6 (Saturday)");
  EXPECT_EQ(error_of({WeeklyRange{1, 540, 540}}).message, "weekly[0] must not open and close at the same time");
  EXPECT_EQ(error_of({WeeklyRange{1, 540, 600}, WeeklyRange{-1, 540, 600}}).code, ErrorCode::invalid_field);
}

TEST(BusinessHours, BadDatesAndSpecialRangesAreInvalidFields) {
  BusinessHours hours = taipei_office();
  hours.closed_dates = {LocalDate{2026, 2, 30}};
  auto result = validate_business_hours(hours);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "closed_dates[0] must be a date YYYY-MM-DD");

  hours.closed_dates.clear();
  hours.special = {special("2026-12-24", "09:00", "12:00"), SpecialDay{LocalDate{2026, 12, 25}, 600, 600}};
  result = validate_business_hours(hours);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "special[1] must not open and close at the same time");
}

TEST(BusinessHours, ListsAreBounded) {
  BusinessHours hours =
      schedule("Asia/Taipei", std::vector<WeeklyRange>(kMaxWeeklyRanges, weekly(1, "09:00", "10:00")));
  EXPECT_TRUE(validate_business_hours(hours)) << "70 ranges";
  hours.weekly.push_back(weekly(2, "09:00", "10:00"));
  auto result = validate_business_hours(hours);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::invalid_field);
  EXPECT_NE(result.error().message.find("weekly"), std::string::npos);

  hours.weekly.clear();
  hours.closed_dates.assign(kMaxClosedDates + 1, LocalDate{2026, 1, 1});
  EXPECT_FALSE(validate_business_hours(hours));
  hours.closed_dates.clear();
  hours.special.assign(kMaxSpecialRanges + 1, special("2026-01-01", "09:00", "10:00"));
  EXPECT_FALSE(validate_business_hours(hours));
}

TEST(BusinessHours, ValidationSortsDeduplicatesAndSpellsMidnightAs2400) {
  BusinessHours hours = schedule("Asia/Taipei", {weekly(3, "13:00", "18:00"), weekly(1, "22:00", "00:00"),
                                                 weekly(3, "09:00", "12:00"), weekly(3, "13:00", "18:00")});
  hours.closed_dates = {LocalDate{2026, 12, 25}, LocalDate{2026, 1, 1}, LocalDate{2026, 12, 25}};
  hours.special = {special("2026-12-31", "09:00", "12:00"), special("2026-12-24", "09:00", "12:00")};
  const auto result = validate_business_hours(hours);
  ASSERT_TRUE(result);
  const std::vector<WeeklyRange> expected_weekly = {weekly(1, "22:00", "24:00"), weekly(3, "09:00", "12:00"),
                                                    weekly(3, "13:00", "18:00")};
  EXPECT_EQ(result->weekly, expected_weekly);
  EXPECT_EQ(result->closed_dates, (std::vector<LocalDate>{{2026, 1, 1}, {2026, 12, 25}}));
  EXPECT_EQ(result->special.front().date, (LocalDate{2026, 12, 24}));
}

// ---- Clock and date text ----

TEST(BusinessHours, ClockTextIsHoursAndMinutesUpTo2400) {
  EXPECT_EQ(parse_clock("09:05"), 545);
  EXPECT_EQ(parse_clock("00:00"), 0);
  EXPECT_EQ(parse_clock("24:00"), 1440);
  for (const char* bad : {"24:01", "9:00", "09:60", "25:00", "09-00", "ab:cd", "09:00 ", "", "+9:00"}) {
    EXPECT_FALSE(parse_clock(bad)) << bad;
  }
  EXPECT_EQ(format_clock(545), "09:05");
  EXPECT_EQ(format_clock(1440), "24:00");
}

TEST(BusinessHours, LocalDateTextIsARealCalendarDate) {
  EXPECT_EQ(parse_local_date("2028-02-29"), (LocalDate{2028, 2, 29}));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-1-01", "2026/01/01", "0000-01-01", "2026-01-01T"}) {
    EXPECT_FALSE(parse_local_date(bad)) << bad;
  }
  EXPECT_EQ(format_local_date(LocalDate{2026, 3, 8}), "2026-03-08");
}

// ---- Business duration ----

TEST(BusinessHours, DurationAcrossLunchAndNightCountsOnlyOpenTime) {
  // Tue 11:00 -> Wed 10:00: 11-12, 13-18, then 09-10 the next morning.
  const auto duration = business_duration(taipei_office(), taipei("2026-03-03 11:00"), taipei("2026-03-04 10:00"));
  EXPECT_EQ(duration, 7h);
}

TEST(BusinessHours, DurationCountsOvernightRangeAfterMidnight) {
  const auto duration = business_duration(taipei_night_shift(), taipei("2026-03-03 00:30"), taipei("2026-03-03 05:00"));
  EXPECT_EQ(duration, minutes{90});
}

TEST(BusinessHours, DurationNeverExceedsWallTime) {
  BusinessHours hours = taipei_office();
  hours.weekly.push_back(weekly(1, "08:00", "10:00"));  // overlaps Monday's morning
  hours.weekly.push_back(weekly(2, "20:00", "08:00"));
  const TimePoint start = taipei("2026-03-01 07:13");
  for (int hours_later : {1, 5, 26, 100, 24 * 30}) {
    const TimePoint end = start + std::chrono::hours{hours_later};
    EXPECT_LE(business_duration(hours, start, end), end - start) << hours_later;
  }
  EXPECT_EQ(business_duration(hours, taipei("2026-03-02 08:30"), taipei("2026-03-02 10:30")), 2h)
      << "overlapping ranges count once";
}

TEST(BusinessHours, DurationOfAnEmptyOrReversedSpanIsZero) {
  EXPECT_EQ(business_duration(taipei_office(), taipei("2026-03-03 11:00"), taipei("2026-03-03 10:00")),
            milliseconds{0});
  EXPECT_EQ(business_duration(taipei_office(), taipei("2026-03-03 11:00"), taipei("2026-03-03 11:00")),
            milliseconds{0});
}

TEST(BusinessHours, DisabledScheduleDurationIsWallTime) {
  BusinessHours office = taipei_office();
  office.enabled = false;
  EXPECT_EQ(business_duration(office, taipei("2026-03-07 01:00"), taipei("2026-03-07 03:30")), minutes{150});
}

TEST(BusinessHours, DurationBeyondTheLookaheadCountsAtTheMeasuredShare) {
  // 40 open hours in a 168-hour week, over about three years.
  const BusinessHours hours =
      schedule("Asia/Taipei", {weekly(1, "09:00", "17:00"), weekly(2, "09:00", "17:00"), weekly(3, "09:00", "17:00"),
                               weekly(4, "09:00", "17:00"), weekly(5, "09:00", "17:00")});
  const TimePoint from = taipei("2026-03-02 00:00");
  const TimePoint to = from + std::chrono::hours{24 * 7 * 156};
  const auto duration = business_duration(hours, from, to);
  const milliseconds expected = std::chrono::hours{40 * 156};
  EXPECT_LE(duration, to - from);
  EXPECT_NEAR(static_cast<double>(duration.count()), static_cast<double>(expected.count()),
              0.01 * static_cast<double>(expected.count()));
}

// ---- Stored text ----

TEST(BusinessHours, EncodedTextIsTheDocumentedLines) {
  BusinessHours hours = schedule("Asia/Taipei", {weekly(1, "09:00", "12:00"), weekly(5, "22:00", "02:00")});
  hours.closed_dates = {LocalDate{2026, 12, 25}};
  hours.special = {special("2026-12-24", "09:00", "24:00")};
  EXPECT_EQ(encode_business_hours(hours),
            "hours 1\nenabled 1\nzone Asia/Taipei\nweekly 1 09:00 12:00\nweekly 5 22:00 02:00\nclosed 2026-12-25\n"
            "special 2026-12-24 09:00 24:00\n");
}

TEST(BusinessHours, EncodedTextDecodesToTheSameSchedule) {
  BusinessHours hours = taipei_office();
  hours.weekly.push_back(weekly(6, "22:00", "00:00"));
  hours.closed_dates = {LocalDate{2026, 12, 25}, LocalDate{2027, 1, 1}};
  hours.special = {special("2026-12-24", "09:00", "12:00"), special("2026-12-24", "13:00", "15:00")};
  const auto validated = validate_business_hours(hours);
  ASSERT_TRUE(validated);
  EXPECT_EQ(decode_business_hours(encode_business_hours(*validated)), *validated);
  EXPECT_EQ(decode_business_hours(encode_business_hours(hours)), hours) << "unsorted, as given";
  EXPECT_EQ(decode_business_hours(encode_business_hours(BusinessHours{})), BusinessHours{});
}

TEST(BusinessHours, EmptyTextDecodesToTheDisabledDefault) {
  const auto decoded = decode_business_hours("");
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(decoded->enabled);
  EXPECT_EQ(decoded->timezone, "UTC");
  EXPECT_TRUE(decoded->weekly.empty());
}

TEST(BusinessHours, MalformedTextIsRefused) {
  const std::string head = "hours 1\nenabled 1\nzone Asia/Taipei\n";
  for (const std::string& bad : {
           std::string("hours 1\nenabled 1\nzone Asia/Taipei"),  // no final newline
           std::string("hours 2\nenabled 1\nzone Asia/Taipei\n"),
           std::string("hours 1\nenabled yes\nzone Asia/Taipei\n"),
           std::string("hours 1\nzone Asia/Taipei\nenabled 1\n"),
           std::string("hours 1\nenabled 1\n"),
           std::string("hours 1\r\nenabled 1\r\nzone Asia/Taipei\r\n"),
           std::string("hours 1\nenabled 1\nzone Asia/Taipei extra\n"),
           std::string("hours 1\nenabled 1\nzone \n"),
           head + "weekly 1  09:00 12:00\n",
           head + "weekly 7 09:00 12:00\n",
           head + "weekly 1 9:00 12:00\n",
           head + "weekly 1 24:00 02:00\n",
           head + "weekly 1 09:00 09:00\n",
           head + "weekly 1 09:00\n",
           head + "closed 2026-02-30\n",
           head + "special 2026-12-24 09:00\n",
           head + "\n",
           head + "holiday 2026-12-25\n",
       }) {
    EXPECT_FALSE(decode_business_hours(bad)) << bad;
  }
}

TEST(BusinessHours, DecodeRefusesMoreEntriesThanValidationAllows) {
  std::string text = "hours 1\nenabled 1\nzone Asia/Taipei\n";
  for (std::size_t i = 0; i < kMaxWeeklyRanges; ++i) text += "weekly 1 09:00 10:00\n";
  EXPECT_TRUE(decode_business_hours(text));
  text += "weekly 1 09:00 10:00\n";
  EXPECT_FALSE(decode_business_hours(text));
  EXPECT_FALSE(decode_business_hours(std::string(70 * 1024, 'x') + "\n")) << "oversized";
}

TEST(BusinessHours, DecodeKeepsAZoneThisSystemDoesNotKnow) {
  const auto decoded = decode_business_hours("hours 1\nenabled 1\nzone Mars/Olympus_Mons\nweekly 1 09:00 10:00\n");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->timezone, "Mars/Olympus_Mons");
  EXPECT_TRUE(is_open(*decoded, utc("2026-03-02 09:30"))) << "read as UTC";
}

// ---- What customers read ----

TEST(BusinessHours, OpeningMoreThanSixDaysAwayIsNamedByDate) {
  BusinessHours office = taipei_office();
  const TimePoint now = taipei("2026-12-18 20:00");  // a Friday: "Friday" would be ambiguous
  const TimePoint next_open = taipei("2026-12-25 09:00");
  EXPECT_EQ(next_opening_text(office, next_open, now, "zh-TW"), "我們將於 12月25日 09:00（GMT+8）回覆");
  EXPECT_EQ(next_opening_text(office, next_open, now, "en"), "We will reply on 25 December at 09:00 (GMT+8).");
}

TEST(BusinessHours, OpeningSixDaysAwayIsStillNamedByWeekday) {
  const TimePoint now = taipei("2026-12-19 23:00");  // Saturday
  EXPECT_EQ(next_opening_text(taipei_office(), taipei("2026-12-25 09:00"), now, "en"),
            "We will reply on Friday at 09:00 (GMT+8).");
}

TEST(BusinessHours, LanguageIsChineseOnlyForZhTags) {
  const TimePoint now = taipei("2026-03-06 18:01");
  const TimePoint next_open = taipei("2026-03-09 09:00");
  EXPECT_EQ(next_opening_text(taipei_office(), next_open, now, "zh"), "我們將於週一 09:00（GMT+8）回覆");
  EXPECT_EQ(next_opening_text(taipei_office(), next_open, now, "ja"), "We will reply on Monday at 09:00 (GMT+8).");
  EXPECT_EQ(next_opening_text(taipei_office(), next_open, now, ""), "We will reply on Monday at 09:00 (GMT+8).");
}

TEST(BusinessHours, OffsetLabelIsTheZonesOffsetAtTheOpening) {
  const auto text_in = [](std::string zone, std::string_view utc_time) {
    BusinessHours hours = schedule(std::move(zone), {});
    return next_opening_text(hours, utc(utc_time), utc(utc_time) - 1h, "en");
  };
  EXPECT_EQ(text_in("America/New_York", "2026-01-05 14:00"), "We will reply on Monday at 09:00 (GMT-5).");
  EXPECT_EQ(text_in("America/New_York", "2026-07-06 13:00"), "We will reply on Monday at 09:00 (GMT-4).");
  EXPECT_EQ(text_in("Asia/Kolkata", "2026-01-05 03:30"), "We will reply on Monday at 09:00 (GMT+5:30).");
  EXPECT_EQ(text_in("Asia/Kathmandu", "2026-01-05 03:15"), "We will reply on Monday at 09:00 (GMT+5:45).");
  EXPECT_EQ(text_in("UTC", "2026-01-05 09:00"), "We will reply on Monday at 09:00 (GMT).");
}

}  // namespace
}  // namespace baton::core
