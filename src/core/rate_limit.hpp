// A token bucket: how many actions a sender may take in a burst, and how fast the allowance
// refills. Pure: the caller keeps the buckets and passes the time.
#pragma once

#include "core/types.hpp"

namespace baton::core {

struct RatePolicy {
  double burst = 20;      // actions allowed at once
  double per_second = 5;  // allowance regained per second
};

struct TokenBucket {
  double tokens = -1;  // negative: never used (starts full)
  TimePoint updated_at{};
};

// Takes one action from the bucket if it has one; answers whether the action may go ahead.
bool take_token(TokenBucket& bucket, const RatePolicy& policy, TimePoint now);

// Whole seconds until the bucket holds one action again (0 when it holds one now); takes nothing.
int seconds_until_token(TokenBucket& bucket, const RatePolicy& policy, TimePoint now);

}  // namespace baton::core
