#include "core/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace baton::core {
namespace {

void refill(TokenBucket& bucket, const RatePolicy& policy, TimePoint now) {
  if (bucket.tokens < 0) {
    bucket.tokens = policy.burst;
  } else {
    const double seconds = std::chrono::duration<double>(now - bucket.updated_at).count();
    bucket.tokens = std::min(policy.burst, bucket.tokens + std::max(0.0, seconds) * policy.per_second);
  }
  bucket.updated_at = now;
}

}  // namespace

bool take_token(TokenBucket& bucket, const RatePolicy& policy, TimePoint now) {
  refill(bucket, policy, now);
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

int seconds_until_token(TokenBucket& bucket, const RatePolicy& policy, TimePoint now) {
  refill(bucket, policy, now);
  if (bucket.tokens >= 1) return 0;
  return std::max(1, static_cast<int>(std::ceil((1 - bucket.tokens) / policy.per_second)));
}

}  // namespace baton::core
