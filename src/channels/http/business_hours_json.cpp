#include "channels/http/business_hours_json.hpp"

#include <boost/json/object.hpp>
#include <string>

#include "core/business_hours.hpp"

namespace baton::channels::http {
namespace {

namespace json = boost::json;

tl::unexpected<core::Error> wrong(const std::string& field, std::string_view what) {
  return core::fail(core::ErrorCode::invalid_field, "business_hours." + field + " " + std::string(what));
}

core::Result<int> clock_field(const json::object& range, const std::string& where, std::string_view field) {
  const auto* value = range.if_contains(field);
  const auto* text = value ? value->if_string() : nullptr;
  auto minutes = text ? core::parse_clock(std::string_view(*text)) : std::nullopt;
  if (!minutes) return wrong(where + "." + std::string(field), "must be HH:MM");
  return *minutes;
}

core::Result<core::LocalDate> date_value(const json::value* value, const std::string& where) {
  const auto* text = value ? value->if_string() : nullptr;
  auto date = text ? core::parse_local_date(std::string_view(*text)) : std::nullopt;
  if (!date) return wrong(where, "must be a date YYYY-MM-DD");
  return *date;
}

const json::array* list_field(const json::object& body, std::string_view field, std::size_t max_items) {
  static const json::array kEmpty;
  const auto* value = body.if_contains(field);
  if (!value || value->is_null()) return &kEmpty;
  const auto* array = value->if_array();
  return array && array->size() <= max_items ? array : nullptr;
}

core::Result<core::WeeklyRange> weekly_range(const json::value& item, const std::string& where) {
  const auto* range = item.if_object();
  if (!range) return wrong(where, "must be an object {day, open, close}");
  const auto* day = range->if_contains("day");
  if (!day || !day->is_int64() || day->as_int64() < 0 || day->as_int64() > 6) {
    return wrong(where + ".day", "must be 0 (Sunday) to 6 (Saturday)");
  }
  auto open = clock_field(*range, where, "open");
  if (!open) return tl::unexpected(open.error());
  auto close = clock_field(*range, where, "close");
  if (!close) return tl::unexpected(close.error());
  return core::WeeklyRange{static_cast<int>(day->as_int64()), *open, *close};
}

core::Result<core::SpecialDay> special_day(const json::value& item, const std::string& where) {
  const auto* range = item.if_object();
  if (!range) return wrong(where, "must be an object {date, open, close}");
  auto date = date_value(range->if_contains("date"), where + ".date");
  if (!date) return tl::unexpected(date.error());
  auto open = clock_field(*range, where, "open");
  if (!open) return tl::unexpected(open.error());
  auto close = clock_field(*range, where, "close");
  if (!close) return tl::unexpected(close.error());
  return core::SpecialDay{*date, *open, *close};
}

}  // namespace

core::Result<core::BusinessHours> business_hours_from_json(const json::value& value) {
  const auto* body = value.if_object();
  if (!body) return core::fail(core::ErrorCode::invalid_field, "business_hours must be an object");
  core::BusinessHours hours;
  if (const auto* enabled = body->if_contains("enabled")) {
    if (!enabled->is_bool()) return wrong("enabled", "must be true or false");
    hours.enabled = enabled->as_bool();
  }
  if (const auto* zone = body->if_contains("timezone")) {
    if (!zone->is_string() || zone->as_string().size() > 64) return wrong("timezone", "must be an IANA zone name");
    hours.timezone = std::string(zone->as_string());
  }
  const auto* weekly = list_field(*body, "weekly", core::kMaxWeeklyRanges);
  if (!weekly)
    return wrong("weekly", "must be a list of at most " + std::to_string(core::kMaxWeeklyRanges) + " ranges");
  for (std::size_t i = 0; i < weekly->size(); ++i) {
    auto range = weekly_range((*weekly)[i], "weekly[" + std::to_string(i) + "]");
    if (!range) return tl::unexpected(range.error());
    hours.weekly.push_back(*range);
  }
  const auto* closed = list_field(*body, "closed_dates", core::kMaxClosedDates);
  if (!closed)
    return wrong("closed_dates", "must be a list of at most " + std::to_string(core::kMaxClosedDates) + " dates");
  for (std::size_t i = 0; i < closed->size(); ++i) {
    auto date = date_value(&(*closed)[i], "closed_dates[" + std::to_string(i) + "]");
    if (!date) return tl::unexpected(date.error());
    hours.closed_dates.push_back(*date);
  }
  const auto* special = list_field(*body, "special", core::kMaxSpecialRanges);
  if (!special)
    return wrong("special", "must be a list of at most " + std::to_string(core::kMaxSpecialRanges) + " ranges");
  for (std::size_t i = 0; i < special->size(); ++i) {
    auto day = special_day((*special)[i], "special[" + std::to_string(i) + "]");
    if (!day) return tl::unexpected(day.error());
    hours.special.push_back(*day);
  }
  return core::validate_business_hours(std::move(hours));
}

}  // namespace baton::channels::http
