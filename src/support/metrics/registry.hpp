// A small Prometheus registry (Debian 12 has no client library): counters, gauges and histograms
// in families whose label sets are declared up front, so the hot path only increments an atomic
// it already holds. A scrape renders every family in the text format (text_format.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/metrics/text_format.hpp"

namespace baton::metrics {

class Counter {
 public:
  void inc(std::uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  void add(double by) { value_.fetch_add(by, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Buckets are kept per bound (not cumulative), so an observation touches one bucket, the count
// and the sum; the scrape adds them up. A scrape racing an observation may see the count one
// ahead of the buckets for an instant, which Prometheus tolerates.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);
  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative counts, one per bound and a last one for +Inf (equal to count()).
  std::vector<std::uint64_t> cumulative() const;
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1 (the last: above all)
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// A histogram's _bucket (cumulative, then +Inf), _sum and _count samples.
void write_histogram(TextWriter& out, const std::string& name, std::span<const Label> labels,
                     const Histogram& histogram);

// Something that writes its own samples at scrape time (a family, the process's figures).
class Collector {
 public:
  virtual ~Collector() = default;
  virtual void collect(TextWriter& out) const = 0;
};

template <class Metric>
class Family : public Collector {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names, std::vector<double> bounds = {})
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)), bounds_(bounds) {}

  // Declares a series (label values in the order of the family's label names) and returns it to
  // keep. Declare every series before serving: the scrape reads the list without a lock.
  Metric& add(std::vector<std::string> label_values);

  void collect(TextWriter& out) const override;
  const std::string& name() const { return name_; }

 private:
  struct Series {
    template <class... Args>
    explicit Series(std::vector<std::string> values, Args&&... args)
        : label_values(std::move(values)), metric(std::forward<Args>(args)...) {}
    std::vector<std::string> label_values;
    Metric metric;
  };
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  std::vector<double> bounds_;  // histograms only
  std::deque<Series> series_;   // a deque: adding never moves a series the hot path holds
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

// Gauges whose series are all set anew at each scrape (their label values are only known then,
// e.g. one per assistant): replace() swaps the whole set under a lock.
class SnapshotGaugeFamily : public Collector {
 public:
  struct Series {
    std::vector<std::string> label_values;
    double value = 0;
  };
  SnapshotGaugeFamily(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  void replace(std::vector<Series> series);
  void collect(TextWriter& out) const override;

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  mutable std::mutex mutex_;
  std::vector<Series> series_;
};

// The scrape's view: every collector in the order added.
class Registry {
 public:
  CounterFamily& counter(std::string name, std::string help, std::vector<std::string> label_names = {});
  GaugeFamily& gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  HistogramFamily& histogram(std::string name, std::string help, std::vector<double> bounds,
                             std::vector<std::string> label_names = {});
  SnapshotGaugeFamily& snapshot_gauge(std::string name, std::string help, std::vector<std::string> label_names);
  // A collector owned elsewhere, which must outlive the registry's scrapes.
  void add(const Collector& collector) { collectors_.push_back(&collector); }

  std::string render() const;

 private:
  std::deque<std::unique_ptr<Collector>> owned_;
  std::vector<const Collector*> collectors_;
};

}  // namespace baton::metrics
