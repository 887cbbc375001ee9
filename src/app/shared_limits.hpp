// Several nodes: rate limits counted once for the whole cluster, so a customer whose requests
// the load balancer spreads over N nodes does not get N times the allowance. The counter lives
// elsewhere (Redis); while it cannot be reached, each node counts on its own.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/rate_limit.hpp"

namespace baton::app {

class SharedLimits {
 public:
  virtual ~SharedLimits() = default;
  // Takes one action of `key` under `policy` across every node: 0 when it may go ahead, else
  // the whole seconds to wait (nothing taken). Nothing when the shared counter did not answer.
  virtual boost::asio::awaitable<std::optional<int>> take(std::string key, core::RatePolicy policy) = 0;
};

}  // namespace baton::app
