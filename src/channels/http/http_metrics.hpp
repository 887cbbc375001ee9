// RED metrics of the HTTP API: baton_http_requests_total and baton_http_request_duration_seconds
// by route TEMPLATE ("/api/v1/conversations/{id}", never the raw path; "other" when no route
// matched), method and status code. The slots are fixed when the router is complete (one per
// route and known status code, made on first use with one compare-exchange), so a request only
// increments atomics.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "channels/http/router.hpp"
#include "support/metrics/registry.hpp"

namespace baton::channels::http {

class HttpMetrics : public metrics::Collector, public RequestObserver {
 public:
  // Takes the router's routes as they are now; call once every route is added.
  explicit HttpMetrics(const Router& router);
  ~HttpMetrics() override;
  HttpMetrics(const HttpMetrics&) = delete;
  HttpMetrics& operator=(const HttpMetrics&) = delete;

  void observe(const Route* route, beast_http::verb method, unsigned status,
               std::chrono::duration<double> took) override;
  void collect(metrics::TextWriter& out) const override;

  // The status codes with a series of their own; any other is counted under its class ("5xx").
  static const std::vector<unsigned>& known_statuses();

 private:
  struct Slot {
    Slot();
    metrics::Counter requests;
    metrics::Histogram duration;
  };
  struct Entry {
    std::string route;
    std::string method;
    std::unique_ptr<std::atomic<Slot*>[]> slots;  // known_statuses() and then 1xx..5xx
  };
  Entry& entry_for(const Route* route, beast_http::verb method);

  const Route* first_route_ = nullptr;
  std::vector<Entry> entries_;  // the router's routes in order, then "other" per method
  std::size_t other_begin_ = 0;
};

}  // namespace baton::channels::http
