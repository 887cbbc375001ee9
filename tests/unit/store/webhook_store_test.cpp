// Store conformance for outgoing webhooks (store/webhook_txn.hpp): endpoints and the outbox of
// their deliveries, on every store in `ConformingStores`.
#include <gtest/gtest.h>

#include "store/commit_and_wait.hpp"
#include "store_factories.hpp"

namespace baton::store {
namespace {

using core::TimePoint;
using namespace std::chrono_literals;
const TimePoint kNow{std::chrono::milliseconds{1'764'119'000'000}};

core::Webhook endpoint(std::string id, TimePoint created_at = kNow) {
  core::Webhook webhook;
  webhook.id = std::move(id);
  webhook.url = "https://example.com/" + webhook.id;
  webhook.events = {"message.created", "conversation.done"};
  webhook.assistant_id = "asst_1";
  webhook.description = "CRM";
  webhook.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  webhook.created_at = webhook.updated_at = created_at;
  return webhook;
}

core::WebhookDelivery delivery(std::string id, std::string webhook_id, TimePoint at) {
  core::WebhookDelivery d;
  d.id = std::move(id);
  d.webhook_id = std::move(webhook_id);
  d.event_id = "msg_" + d.id;
  d.event_type = "message.created";
  d.payload = R"({"id":"msg_)" + d.id + R"("})";
  d.next_attempt_at = d.created_at = d.updated_at = at;
  return d;
}

template <class Factory>
class WebhookStore : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Factory::available()) GTEST_SKIP() << "this store cannot run here (make deps installs what it needs)";
    store_ = stores_.open();
    ASSERT_TRUE(write([](WriteTxn& tx) {
      tx.insert_assistant(core::Assistant{"asst_1", "Shop", "Hi", true, "", kNow, kNow});
      tx.insert_webhook(endpoint("wh_a"));
      tx.insert_webhook(endpoint("wh_b", kNow + 1s));
      return true;
    }));
  }

  bool write(std::function<bool(WriteTxn&)> apply) { return commit_and_wait(*store_, std::move(apply)); }

  Factory stores_;
  std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(WebhookStore, testing::ConformingStores, testing::StoreName);

TYPED_TEST(WebhookStore, AnEndpointIsStoredWholeAndChangedInPlace) {
  auto read = this->store_->begin_read();
  const auto stored = read->webhook("wh_a");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->url, "https://example.com/wh_a");
  EXPECT_EQ(stored->events, (std::vector<std::string>{"message.created", "conversation.done"}));
  EXPECT_EQ(stored->assistant_id, "asst_1");
  EXPECT_EQ(stored->description, "CRM");
  EXPECT_EQ(stored->secret, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  EXPECT_TRUE(stored->enabled);
  EXPECT_EQ(stored->disabled_reason, core::WebhookDisabledReason::none);
  EXPECT_FALSE(stored->failing_since);
  EXPECT_EQ(stored->timeout_seconds, 5);
  EXPECT_EQ(stored->created_at, kNow);
  read.reset();

  auto changed = *stored;
  changed.events = {"*"};
  changed.assistant_id.reset();
  changed.enabled = false;
  changed.disabled_reason = core::WebhookDisabledReason::failing;
  changed.failing_since = kNow - 72h;
  changed.timeout_seconds = 30;
  changed.updated_at = kNow + 1h;
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    tx.update_webhook(changed);
    return true;
  }));
  read = this->store_->begin_read();
  const auto after = *read->webhook("wh_a");
  EXPECT_EQ(after.events, std::vector<std::string>{"*"});
  EXPECT_FALSE(after.assistant_id);
  EXPECT_FALSE(after.enabled);
  EXPECT_EQ(after.disabled_reason, core::WebhookDisabledReason::failing);
  EXPECT_EQ(after.failing_since, kNow - 72h);
  EXPECT_EQ(after.timeout_seconds, 30);
  EXPECT_EQ(after.updated_at, kNow + 1h);
  EXPECT_EQ(read->webhooks().size(), 2u);
  const auto enabled = read->enabled_webhooks();
  ASSERT_EQ(enabled.size(), 1u);
  EXPECT_EQ(enabled.front().id, "wh_b");
}

TYPED_TEST(WebhookStore, DueDeliveriesComeOldestFirstPerEndpointAndOnlyWhilePending) {
  ASSERT_TRUE(this->write([](WriteTxn& tx) {
    tx.insert_webhook_delivery(delivery("whd_2", "wh_a", kNow + 2s));
    tx.insert_webhook_delivery(delivery("whd_1", "wh_a", kNow + 1s));
    tx.insert_webhook_delivery(delivery("whd_3", "wh_a", kNow + 10s));
    tx.insert_webhook_delivery(delivery("whd_b", "wh_b", kNow));
    return true;
  }));
  auto read = this->store_->begin_read();
  auto due = read->due_webhook_deliveries("wh_a", kNow + 5s, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, "whd_1");
  EXPECT_EQ(due[1].id, "whd_2");
  EXPECT_EQ(due[0].payload, R"({"id":"msg_whd_1"})");
  EXPECT_EQ(due[0].event_id, "msg_whd_1");
  EXPECT_EQ(read->due_webhook_deliveries("wh_a", kNow + 5s, 1).size(), 1u);
  EXPECT_EQ(read->next_webhook_delivery_after(kNow + 5s), kNow + 10s);
  read.reset();

  auto done = due[0];
  done.status = core::WebhookDeliveryStatus::ok;
  done.attempts = 1;
  done.last_status_code = 204;
  done.updated_at = kNow + 6s;
  auto failed = due[1];
  failed.status = core::WebhookDeliveryStatus::failed;
  failed.attempts = 1;
  failed.last_status_code = 400;
  failed.last_error = "the receiver answered 400";
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    tx.update_webhook_delivery(done);
    tx.update_webhook_delivery(failed);
    return true;
  }));
  read = this->store_->begin_read();
  EXPECT_TRUE(read->due_webhook_deliveries("wh_a", kNow + 5s, 10).empty());
  const auto stored = *read->webhook_delivery("wh_a", "whd_1");
  EXPECT_EQ(stored.status, core::WebhookDeliveryStatus::ok);
  EXPECT_EQ(stored.last_status_code, 204);
  EXPECT_FALSE(read->webhook_delivery("wh_b", "whd_1")) << "another endpoint's";
  // The list: newest first, filtered by status.
  const auto all = read->webhook_deliveries("wh_a", std::nullopt, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.front().id, "whd_3");
  const auto failures = read->webhook_deliveries("wh_a", core::WebhookDeliveryStatus::failed, 10);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures.front().last_error, "the receiver answered 400");
  EXPECT_EQ(failures.front().last_status_code, 400);
}

TYPED_TEST(WebhookStore, ADeliveryIsClaimedByOneAndFallsDueAgainWhenTheLeaseEnds) {
  ASSERT_TRUE(this->write([](WriteTxn& tx) {
    tx.insert_webhook_delivery(delivery("whd_1", "wh_a", kNow));
    return true;
  }));
  auto claim = [&](TimePoint now) {
    bool taken = false;
    EXPECT_TRUE(this->write([&](WriteTxn& tx) {
      taken = tx.claim_webhook_delivery("whd_1", now, now + 30s);
      return true;
    }));
    return taken;
  };
  EXPECT_TRUE(claim(kNow));
  EXPECT_FALSE(claim(kNow)) << "another node's claim, while the lease runs";
  EXPECT_TRUE(this->store_->begin_read()->due_webhook_deliveries("wh_a", kNow + 29s, 10).empty());
  EXPECT_EQ(this->store_->begin_read()->due_webhook_deliveries("wh_a", kNow + 30s, 10).size(), 1u) << "its node died";
}

TYPED_TEST(WebhookStore, DeletingAnEndpointTakesItsDeliveriesAndOldFinishedOnesAreForgotten) {
  ASSERT_TRUE(this->write([](WriteTxn& tx) {
    tx.insert_webhook_delivery(delivery("whd_a", "wh_a", kNow));
    auto old = delivery("whd_old", "wh_b", kNow - 8 * 24h);
    old.status = core::WebhookDeliveryStatus::ok;
    tx.insert_webhook_delivery(old);
    tx.insert_webhook_delivery(delivery("whd_pending", "wh_b", kNow - 8 * 24h));
    return true;
  }));
  ASSERT_TRUE(this->write([](WriteTxn& tx) {
    EXPECT_TRUE(tx.delete_webhook("wh_a"));
    EXPECT_FALSE(tx.delete_webhook("wh_a"));
    tx.forget_webhook_deliveries_before(kNow - 7 * 24h);
    return true;
  }));
  auto read = this->store_->begin_read();
  EXPECT_FALSE(read->webhook("wh_a"));
  EXPECT_TRUE(read->webhook_deliveries("wh_a", std::nullopt, 10).empty());
  const auto left = read->webhook_deliveries("wh_b", std::nullopt, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left.front().id, "whd_pending") << "a pending delivery is never forgotten";
}

}  // namespace
}  // namespace baton::store
