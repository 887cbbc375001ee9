// The reports' part of a store transaction (team operations §4.10): what a report reads of the
// conversation event log and the messages for a range, filtered by assistant, channel and label.
// ReadTxn includes it; the metrics are computed from these rows (core/report_metrics.hpp), so
// the summary, the timeseries, the agents table and the CSV all read through here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/report_metrics.hpp"

namespace baton::store {

struct ReportScope {
  core::TimePoint from;  // inclusive
  core::TimePoint to;    // exclusive
  std::optional<core::Id> assistant_id;
  std::optional<core::Channel> channel;
  std::optional<std::string> label;  // conversations carrying it now
};

class ReportReadTxn {
 public:
  virtual ~ReportReadTxn() = default;

  // Events of the scope's conversations dated in [from, to), with every event of the episodes
  // they belong to (an episode's start may be earlier); by conversation, then seq.
  virtual std::vector<core::ReportEvent> report_events(const ReportScope& scope) = 0;
  // Customer, AI and agent messages of the scope's conversations dated in [from, to); by
  // conversation, then seq.
  virtual std::vector<core::ReportMessage> report_messages(const ReportScope& scope) = 0;
  // The availability samples of [from, to) (every agent: they belong to no conversation).
  virtual std::vector<core::AvailabilitySample> availability_samples(const ReportScope& scope) = 0;
};

class ReportWriteTxn : public virtual ReportReadTxn {
 public:
  // Keeps the first sample of each (agent, minute): every node of a cluster writes its own.
  virtual void record_availability(const std::vector<core::AvailabilitySample>& samples) = 0;
};

}  // namespace baton::store
