// Waits between reconnections: from 100 ms doubling to 2 s, each between half and all of its
// step, so that nodes cut off together do not all knock again at the same instant.
#pragma once

#include <algorithm>
#include <chrono>
#include <random>

namespace baton::bus::redis {

class Backoff {
 public:
  std::chrono::milliseconds next() {
    std::uniform_int_distribution<long> spread(step_.count() / 2, step_.count());
    const std::chrono::milliseconds wait(spread(random_));
    step_ = std::min(step_ * 2, kLongest);
    return wait;
  }
  void reset() { step_ = kShortest; }

 private:
  static constexpr std::chrono::milliseconds kShortest{100};
  static constexpr std::chrono::milliseconds kLongest{2000};
  std::chrono::milliseconds step_ = kShortest;
  std::mt19937 random_{std::random_device{}()};
};

}  // namespace baton::bus::redis
