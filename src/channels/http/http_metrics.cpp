#include "channels/http/http_metrics.hpp"

#include <algorithm>

namespace baton::channels::http {
namespace {

// Request durations: a cached read to a slow store write or an LLM playground call.
const std::vector<double> kDurationBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
// Methods the "other" route keeps apart; anything else is "other" too.
constexpr std::array<beast_http::verb, 7> kMethods{
    beast_http::verb::get,   beast_http::verb::head,    beast_http::verb::post,   beast_http::verb::put,
    beast_http::verb::patch, beast_http::verb::delete_, beast_http::verb::options};
constexpr std::size_t kStatusClasses = 5;  // 1xx..5xx

std::size_t slot_count() { return HttpMetrics::known_statuses().size() + kStatusClasses; }

std::size_t slot_of(unsigned status) {
  const auto& known = HttpMetrics::known_statuses();
  const auto found = std::lower_bound(known.begin(), known.end(), status);
  if (found != known.end() && *found == status) return static_cast<std::size_t>(found - known.begin());
  const unsigned status_class = std::clamp(status / 100, 1u, 5u);
  return known.size() + status_class - 1;
}

std::string code_of(std::size_t slot) {
  const auto& known = HttpMetrics::known_statuses();
  if (slot < known.size()) return std::to_string(known[slot]);
  return std::to_string(slot - known.size() + 1) + "xx";
}

}  // namespace

const std::vector<unsigned>& HttpMetrics::known_statuses() {
  static const std::vector<unsigned> kKnown{101, 200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308,
                                            400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413,
                                            414, 415, 416, 422, 429, 431, 500, 501, 502, 503, 504};
  return kKnown;
}

HttpMetrics::Slot::Slot() : duration(kDurationBuckets) {}

HttpMetrics::HttpMetrics(const Router& router) {
  const auto& routes = router.routes();
  if (!routes.empty()) first_route_ = &routes.front();
  auto make_entry = [](std::string route, std::string method) {
    Entry entry{std::move(route), std::move(method), std::make_unique<std::atomic<Slot*>[]>(slot_count())};
    for (std::size_t i = 0; i < slot_count(); ++i) entry.slots[i].store(nullptr, std::memory_order_relaxed);
    return entry;
  };
  entries_.reserve(routes.size() + kMethods.size() + 1);
  for (const auto& route : routes) entries_.push_back(make_entry(route.pattern, std::string(to_string(route.method))));
  other_begin_ = entries_.size();
  for (auto method : kMethods) entries_.push_back(make_entry("other", std::string(to_string(method))));
  entries_.push_back(make_entry("other", "other"));
}

HttpMetrics::~HttpMetrics() {
  for (auto& entry : entries_) {
    for (std::size_t i = 0; i < slot_count(); ++i) delete entry.slots[i].load();
  }
}

HttpMetrics::Entry& HttpMetrics::entry_for(const Route* route, beast_http::verb method) {
  if (route && first_route_) {
    const auto index = static_cast<std::size_t>(route - first_route_);
    if (index < other_begin_) return entries_[index];
  }
  for (std::size_t i = 0; i < kMethods.size(); ++i) {
    if (kMethods[i] == method) return entries_[other_begin_ + i];
  }
  return entries_.back();
}

void HttpMetrics::observe(const Route* route, beast_http::verb method, unsigned status,
                          std::chrono::duration<double> took) {
  auto& slot = entry_for(route, method).slots[slot_of(status)];
  Slot* series = slot.load(std::memory_order_acquire);
  if (!series) {
    // First request of this route and code: make its series; a racing thread's copy loses.
    auto made = std::make_unique<Slot>();
    Slot* expected = nullptr;
    if (slot.compare_exchange_strong(expected, made.get(), std::memory_order_acq_rel)) {
      series = made.release();
    } else {
      series = expected;
    }
  }
  series->requests.inc();
  series->duration.observe(took.count());
}

void HttpMetrics::collect(metrics::TextWriter& out) const {
  // Only series that saw a request: a route never called has nothing to say.
  auto each = [this](auto write) {
    for (const auto& entry : entries_) {
      for (std::size_t i = 0; i < slot_count(); ++i) {
        const Slot* series = entry.slots[i].load(std::memory_order_acquire);
        if (!series) continue;
        const std::string code = code_of(i);
        const std::array<metrics::Label, 3> labels{
            metrics::Label{"route", entry.route}, metrics::Label{"method", entry.method}, metrics::Label{"code", code}};
        write(*series, labels);
      }
    }
  };
  out.header("baton_http_requests_total", "HTTP requests answered, by route template, method and status.",
             metrics::Kind::counter);
  each([&out](const Slot& series, const auto& labels) {
    out.sample("baton_http_requests_total", labels, static_cast<double>(series.requests.value()));
  });
  out.header("baton_http_request_duration_seconds", "Time to answer an HTTP request (the handler's part).",
             metrics::Kind::histogram);
  each([&out](const Slot& series, const auto& labels) {
    metrics::write_histogram(out, "baton_http_request_duration_seconds", labels, series.duration);
  });
}

}  // namespace baton::channels::http
