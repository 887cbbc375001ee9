// Business hours in the API's JSON (team operations §4.9): {enabled, timezone, weekly: [{day,
// open: "HH:MM", close: "HH:MM"}], closed_dates: ["YYYY-MM-DD"], special: [{date, open, close}]}.
#pragma once

#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "core/schedule.hpp"

namespace baton::channels::http {

// Every wrong shape is a 400 naming the field; the schedule is then checked by
// core::validate_business_hours (an unknown zone: invalid_timezone).
core::Result<core::BusinessHours> business_hours_from_json(const boost::json::value& value);

}  // namespace baton::channels::http
