// Turns what the store read for a report (the conversation events and the messages) into the
// dated facts core::summarize adds up: one place that applies the metric definitions of team
// operations ("Metric definitions").
#pragma once

#include <functional>
#include <vector>

#include "core/report_metrics.hpp"
#include "core/schedule.hpp"

namespace baton::app {

// The schedule for durations the log does not store (reply time, an agent's own reaction and
// holding time): the assistant's as it is now.
using HoursOf = std::function<core::BusinessHours(const core::Id& assistant_id)>;

// Every fact in the data, dated; none after `now` (an AI answer is resolved only 24 h later).
std::vector<core::ReportFact> derive_facts(const core::ReportData& data, core::TimePoint now, const HoursOf& hours_of);

}  // namespace baton::app
