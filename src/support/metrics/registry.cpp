#include "support/metrics/registry.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace baton::metrics {
namespace {

std::vector<Label> labels_of(const std::vector<std::string>& names, const std::vector<std::string>& values) {
  std::vector<Label> labels;
  labels.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) labels.push_back(Label{names[i], values[i]});
  return labels;
}

void write(TextWriter& out, const std::string& name, const std::vector<Label>& labels, const Counter& counter) {
  out.sample(name, labels, static_cast<double>(counter.value()));
}

void write(TextWriter& out, const std::string& name, const std::vector<Label>& labels, const Gauge& gauge) {
  out.sample(name, labels, gauge.value());
}

void write(TextWriter& out, const std::string& name, const std::vector<Label>& labels, const Histogram& histogram) {
  write_histogram(out, name, labels, histogram);
}

template <class Metric>
constexpr Kind kind_of() {
  if constexpr (std::is_same_v<Metric, Counter>) return Kind::counter;
  if constexpr (std::is_same_v<Metric, Gauge>) return Kind::gauge;
  return Kind::histogram;
}

}  // namespace

void write_histogram(TextWriter& out, const std::string& name, std::span<const Label> labels,
                     const Histogram& histogram) {
  const auto cumulative = histogram.cumulative();
  const auto& bounds = histogram.bounds();
  const std::string bucket = name + "_bucket";
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    const std::string le = format_number(bounds[i]);
    out.sample(bucket, labels, Label{"le", le}, static_cast<double>(cumulative[i]));
  }
  out.sample(bucket, labels, Label{"le", "+Inf"}, static_cast<double>(cumulative.back()));
  out.sample(name + "_sum", labels, histogram.sum());
  out.sample(name + "_count", labels, static_cast<double>(cumulative.back()));
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end())) throw std::invalid_argument("histogram bounds must ascend");
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value) {
  // The first bound the value is at or below (le is "less than or equal").
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  buckets_[static_cast<std::size_t>(at)].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::cumulative() const {
  std::vector<std::uint64_t> counts(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    counts[i] = running;
  }
  return counts;
}

template <class Metric>
Metric& Family<Metric>::add(std::vector<std::string> label_values) {
  if (label_values.size() != label_names_.size()) throw std::invalid_argument(name_ + ": wrong number of labels");
  if constexpr (std::is_same_v<Metric, Histogram>) {
    return series_.emplace_back(std::move(label_values), bounds_).metric;
  } else {
    return series_.emplace_back(std::move(label_values)).metric;
  }
}

template <class Metric>
void Family<Metric>::collect(TextWriter& out) const {
  out.header(name_, help_, kind_of<Metric>());
  for (const auto& series : series_) write(out, name_, labels_of(label_names_, series.label_values), series.metric);
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

CounterFamily& Registry::counter(std::string name, std::string help, std::vector<std::string> label_names) {
  auto family = std::make_unique<CounterFamily>(std::move(name), std::move(help), std::move(label_names));
  auto& added = *family;
  collectors_.push_back(family.get());
  owned_.push_back(std::move(family));
  return added;
}

GaugeFamily& Registry::gauge(std::string name, std::string help, std::vector<std::string> label_names) {
  auto family = std::make_unique<GaugeFamily>(std::move(name), std::move(help), std::move(label_names));
  auto& added = *family;
  collectors_.push_back(family.get());
  owned_.push_back(std::move(family));
  return added;
}

HistogramFamily& Registry::histogram(std::string name, std::string help, std::vector<double> bounds,
                                     std::vector<std::string> label_names) {
  auto family =
      std::make_unique<HistogramFamily>(std::move(name), std::move(help), std::move(label_names), std::move(bounds));
  auto& added = *family;
  collectors_.push_back(family.get());
  owned_.push_back(std::move(family));
  return added;
}

void SnapshotGaugeFamily::replace(std::vector<Series> series) {
  for (const auto& one : series) {
    if (one.label_values.size() != label_names_.size()) throw std::invalid_argument(name_ + ": wrong number of labels");
  }
  std::lock_guard lock(mutex_);
  series_ = std::move(series);
}

void SnapshotGaugeFamily::collect(TextWriter& out) const {
  out.header(name_, help_, Kind::gauge);
  std::lock_guard lock(mutex_);
  for (const auto& one : series_) out.sample(name_, labels_of(label_names_, one.label_values), one.value);
}

SnapshotGaugeFamily& Registry::snapshot_gauge(std::string name, std::string help,
                                              std::vector<std::string> label_names) {
  auto family = std::make_unique<SnapshotGaugeFamily>(std::move(name), std::move(help), std::move(label_names));
  auto& added = *family;
  collectors_.push_back(family.get());
  owned_.push_back(std::move(family));
  return added;
}

std::string Registry::render() const {
  TextWriter out;
  for (const auto* collector : collectors_) collector->collect(out);
  return out.take();
}

}  // namespace baton::metrics
