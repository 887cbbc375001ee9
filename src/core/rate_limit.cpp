#include "core/rate_limit.hpp"

#include <algorithm>

namespace baton::core {

bool take_token(TokenBucket& bucket, const RatePolicy& policy, TimePoint now) {
  if (bucket.tokens < 0) {
    bucket.tokens = policy.burst;
  } else {
    const double seconds = std::chrono::duration<double>(now - bucket.updated_at).count();
    bucket.tokens = std::min(policy.burst, bucket.tokens + std::max(0.0, seconds) * policy.per_second);
  }
  bucket.updated_at = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

}  // namespace baton::core
