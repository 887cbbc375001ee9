#include "bus/local_bus.hpp"

#include <gtest/gtest.h>

namespace baton::bus {
namespace {

Event event(std::string topic, std::string text) {
  return Event{std::move(topic), "test", std::make_shared<const std::string>(std::move(text))};
}

TEST(LocalBus, DeliversToSubscribersOfTheTopicOnly) {
  auto bus = std::make_shared<LocalBus>();
  std::vector<std::string> a, b;
  auto sa = bus->subscribe("a", [&](const Event& e) { a.push_back(*e.payload); });
  auto sb = bus->subscribe("b", [&](const Event& e) { b.push_back(*e.payload); });
  bus->publish(event("a", "1"));
  bus->publish(event("a", "2"));
  bus->publish(event("c", "3"));
  EXPECT_EQ(a, (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(b.empty());
}

TEST(LocalBus, DestroyedSubscriptionGetsNothingMore) {
  auto bus = std::make_shared<LocalBus>();
  int calls = 0;
  {
    auto subscription = bus->subscribe("a", [&](const Event&) { ++calls; });
    bus->publish(event("a", "1"));
  }
  bus->publish(event("a", "2"));
  EXPECT_EQ(calls, 1);
}

TEST(LocalBus, AHandlerMayUnsubscribeItself) {
  auto bus = std::make_shared<LocalBus>();
  int calls = 0;
  Subscription subscription;
  subscription = bus->subscribe("a", [&](const Event&) {
    ++calls;
    subscription.reset();
  });
  bus->publish(event("a", "1"));
  bus->publish(event("a", "2"));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace baton::bus
