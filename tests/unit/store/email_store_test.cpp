// Store conformance for the e-mail follow-up (store/email_txn.hpp): the outbox's one pending
// row per conversation, claims that exclude each other, what falls due, the metrics' numbers,
// the visitors' sockets (whichever of open and close commits first), and the server's secrets,
// on every store in `ConformingStores`.
#include <gtest/gtest.h>

#include "store/commit_and_wait.hpp"
#include "store_factories.hpp"

namespace baton::store {
namespace {

using core::TimePoint;
using std::chrono::seconds;
const TimePoint kNow{std::chrono::milliseconds{1'764'119'000'000}};

EmailRow row_for(const std::string& conversation_id, TimePoint due) {
  EmailRow row;
  row.conversation_id = conversation_id;
  row.assistant_id = "asst_1";
  row.to_address = "mei@example.com";
  row.first_seq = row.last_seq = 1;
  row.next_attempt_at = due;
  row.mail_id = "m-" + conversation_id + "@shop.example";
  row.created_at = row.updated_at = kNow;
  return row;
}

template <class Factory>
class EmailStore : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Factory::available()) GTEST_SKIP() << "this store cannot run here (make deps installs what it needs)";
    store_ = stores_.open();
    ASSERT_TRUE(write([](WriteTxn& tx) {
      core::Assistant assistant{"asst_1", "Shop", "Hi", true, "", kNow, kNow};
      assistant.email_followup = true;
      assistant.email_followup_delay_s = 300;
      tx.insert_assistant(assistant);
      for (const auto* id : {"conv_1", "conv_2"}) {
        core::Conversation conversation;
        conversation.id = id;
        conversation.assistant_id = "asst_1";
        conversation.contact = core::Contact{std::string("ct_") + id, "Visitor", "mei@example.com"};
        conversation.created_at = conversation.updated_at = kNow;
        tx.insert_conversation(conversation);
      }
      return true;
    }));
  }

  bool write(std::function<bool(WriteTxn&)> apply) { return commit_and_wait(*store_, std::move(apply)); }

  Factory stores_;
  std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(EmailStore, testing::ConformingStores, testing::StoreName);

TYPED_TEST(EmailStore, TheAssistantKeepsItsEmailSettings) {
  const auto assistant = this->store_->begin_read()->assistant("asst_1");
  ASSERT_TRUE(assistant);
  EXPECT_TRUE(assistant->email_followup);
  EXPECT_EQ(assistant->email_followup_delay_s, 300);
}

TYPED_TEST(EmailStore, ALaterMessageJoinsThePendingRowUntilItIsClaimed) {
  EmailRow stored;
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    stored = tx.insert_email(row_for("conv_1", kNow + seconds(10)));
    return true;
  }));
  EXPECT_GT(stored.id, 0);
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    auto pending = tx.pending_email("conv_1");
    EXPECT_TRUE(pending);
    if (!pending) return false;
    pending->last_seq = 3;
    tx.update_email(*pending);
    return true;
  }));
  auto read = this->store_->begin_read();
  EXPECT_EQ(read->email(stored.id)->last_seq, 3);
  EXPECT_TRUE(read->due_emails(kNow, 10).empty()) << "not due before its time";
  EXPECT_EQ(read->due_emails(kNow + seconds(10), 10).size(), 1u);
  EXPECT_EQ(read->next_email_after(kNow), kNow + seconds(10));
  read.reset();

  bool first = false;
  bool second = true;
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    first = tx.claim_email(stored.id, kNow + seconds(10), kNow + seconds(40));
    second = tx.claim_email(stored.id, kNow + seconds(10), kNow + seconds(40));
    return true;
  }));
  EXPECT_TRUE(first);
  EXPECT_FALSE(second) << "claimed once";
  read = this->store_->begin_read();
  EXPECT_EQ(read->email(stored.id)->state, "sending");
  EXPECT_FALSE(read->pending_email("conv_1")) << "a claimed row takes no more messages";
  EXPECT_EQ(read->due_emails(kNow + seconds(40), 10).size(), 1u) << "due again when the lease ends";
}

TYPED_TEST(EmailStore, TheStatsCountWhatIsNotFinishedAndItsOldest) {
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    tx.insert_email(row_for("conv_1", kNow));
    auto done = tx.insert_email(row_for("conv_2", kNow));
    done.state = "sent";
    tx.update_email(done);
    return true;
  }));
  const auto stats = this->store_->begin_read()->email_outbox_stats();
  EXPECT_EQ(stats.pending, 1);
  EXPECT_EQ(stats.oldest_created_at, kNow);
}

TYPED_TEST(EmailStore, ASocketsCloseWinsWhicheverCommitsFirst) {
  const auto fresh_after = kNow - seconds(60);
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    tx.visitor_socket_closed("sock_a", "conv_1", kNow + seconds(2), "en");
    tx.visitor_socket_opened("sock_a", "conv_1", kNow + seconds(1), "en");  // committed after its close
    tx.visitor_socket_opened("sock_b", "conv_2", kNow, std::nullopt);
    return true;
  }));
  auto read = this->store_->begin_read();
  auto one = read->visitor_presence("conv_1", fresh_after);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->open_sockets, 0);
  EXPECT_EQ(one->last_seen_at, kNow + seconds(2));
  EXPECT_EQ(one->language, "en");
  auto two = read->visitor_presence("conv_2", fresh_after);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->open_sockets, 1);
  EXPECT_EQ(read->visitor_presence("conv_2", kNow + seconds(1))->open_sockets, 0) << "stale: a dead node's";
  read.reset();
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    tx.visitor_sockets_seen({"sock_b"}, kNow + seconds(30));
    return true;
  }));
  EXPECT_EQ(this->store_->begin_read()->visitor_presence("conv_2", kNow + seconds(1))->last_seen_at,
            kNow + seconds(30));
  EXPECT_FALSE(this->store_->begin_read()->visitor_presence("conv_none", fresh_after));
}

TYPED_TEST(EmailStore, TheFirstServerSecretStays) {
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    tx.insert_server_secret("resume_link_key", "first");
    tx.insert_server_secret("resume_link_key", "second");
    return true;
  }));
  EXPECT_EQ(this->store_->begin_read()->server_secret("resume_link_key"), "first");
  EXPECT_FALSE(this->store_->begin_read()->server_secret("other"));
}

}  // namespace
}  // namespace baton::store
