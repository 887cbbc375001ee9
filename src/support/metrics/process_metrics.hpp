// The process_* series every Prometheus client library exports, read from /proc/self at scrape
// time: resident and virtual memory, CPU seconds, open and allowed descriptors, start time.
#pragma once

#include "support/metrics/registry.hpp"

namespace baton::metrics {

class ProcessMetrics : public Collector {
 public:
  void collect(TextWriter& out) const override;
};

}  // namespace baton::metrics
