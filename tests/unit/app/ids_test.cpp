#include "app/ids.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

namespace baton::app {
namespace {

TEST(Ids, AreThePrefixTheTimeAndRandomCharacters) {
  const auto id = new_id("msg");
  ASSERT_EQ(id.size(), std::string("msg_").size() + 9 + 16);
  EXPECT_TRUE(id.starts_with("msg_"));
  for (char c : id.substr(4)) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << id;
}

TEST(Ids, MadeLaterSortAfterEarlierOnes) {
  const auto first = new_id("msg");
  const auto started = std::chrono::steady_clock::now();
  // The time part counts milliseconds: wait for the next one (bounded: one clock tick).
  std::string second = new_id("msg");
  while (second.substr(0, 13) == first.substr(0, 13) &&
         std::chrono::steady_clock::now() - started < std::chrono::seconds(1)) {
    std::this_thread::yield();
    second = new_id("msg");
  }
  EXPECT_LT(first, second);
}

TEST(Ids, MadeInTheSameMillisecondDiffer) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(new_id("msg"));
  EXPECT_EQ(ids.size(), 1000u);  // 80 random bits each: a repeat here would mean no randomness
}

}  // namespace
}  // namespace baton::app
