// GET /metrics: the Prometheus scrape, on the metrics listener (--metrics-listen, no sign-in:
// bind it where only Prometheus reaches) or on the main listener behind a Bearer token
// (--metrics-token; without the flag the route does not exist and answers 404).
#pragma once

#include <optional>
#include <string>

#include "app/metrics/metrics_scraper.hpp"
#include "channels/http/router.hpp"

namespace baton::channels::http {

// `token`: the Bearer token a scrape must carry (compared in constant time); nullopt: none.
void add_metrics_route(Router& router, app::MetricsScraper& scraper, std::optional<std::string> token);

}  // namespace baton::channels::http
