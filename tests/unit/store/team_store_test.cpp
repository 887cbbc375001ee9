// Store conformance for the agents' tools (store/team_txn.hpp): notes and mentions, canned
// replies, labels and the label filter, on every store in `ConformingStores`.
#include <gtest/gtest.h>

#include "store/commit_and_wait.hpp"
#include "store_factories.hpp"

namespace baton::store {
namespace {

using core::TimePoint;
const TimePoint kNow{std::chrono::milliseconds{1'764'119'000'000}};

core::CannedReply reply(std::string id, std::optional<core::Id> assistant, std::string shortcut) {
  return core::CannedReply{std::move(id), std::move(assistant), std::move(shortcut), "text", "ag_ann", "ag_ann", kNow,
                           kNow};
}

template <class Factory>
class TeamStore : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Factory::available()) GTEST_SKIP() << "this store cannot run here (make deps installs what it needs)";
    store_ = stores_.open();
    ASSERT_TRUE(write([](WriteTxn& tx) {
      tx.insert_assistant(core::Assistant{"asst_1", "Shop", "Hi", true, "", kNow, kNow});
      tx.insert_assistant(core::Assistant{"asst_2", "Other", "Hi", true, "", kNow, kNow});
      for (const auto* id : {"ag_ann", "ag_bob"}) {
        tx.insert_agent(core::Agent{id, std::string(id) + "@b.c", id, core::Role::agent, core::Presence::online, kNow},
                        "hash");
      }
      for (const auto* id : {"conv_1", "conv_2"}) {
        core::Conversation conversation;
        conversation.id = id;
        conversation.assistant_id = "asst_1";
        conversation.contact = core::Contact{std::string("ct_") + id, "Visitor", std::nullopt};
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

TYPED_TEST_SUITE(TeamStore, testing::ConformingStores, testing::StoreName);

TYPED_TEST(TeamStore, ANoteAndItsMentionsAreKeptApartFromTheMessages) {
  core::Note note{"note_1", "conv_1", "ag_ann", "", "call them back", {"ag_bob"}, kNow};
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    tx.insert_note(note, {"men_1"});
    return true;
  }));
  auto read = this->store_->begin_read();
  const auto notes = read->notes("conv_1", 10);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].text, "call them back");
  EXPECT_EQ(notes[0].agent_name, "ag_ann");
  EXPECT_EQ(notes[0].mentions, std::vector<core::Id>{"ag_bob"});
  EXPECT_EQ(read->conversation("conv_1")->last_seq, 0) << "a note takes no message seq";
  EXPECT_TRUE(read->messages("conv_1", 0, 10).empty());
  EXPECT_TRUE(read->notes("conv_2", 10).empty());
  read.reset();
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    for (int i = 2; i <= 4; ++i) {
      tx.insert_note(core::Note{"note_" + std::to_string(i),
                                "conv_1",
                                "ag_bob",
                                "",
                                "n" + std::to_string(i),
                                {},
                                kNow + std::chrono::seconds(i)},
                     {});
    }
    return true;
  }));
  read = this->store_->begin_read();
  const auto newest = read->notes("conv_1", 2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].id, "note_3") << "the newest two, in time order";
  EXPECT_EQ(newest[1].id, "note_4");

  auto inbox = read->mentions_of("ag_bob", true, 10);
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].note.id, "note_1");
  EXPECT_FALSE(inbox[0].read_at);
  EXPECT_TRUE(read->mentions_of("ag_ann", false, 10).empty());
  read.reset();

  bool marked = false, foreign = true;
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    foreign = tx.mark_mention_read("ag_ann", "men_1", kNow);
    marked = tx.mark_mention_read("ag_bob", "men_1", kNow);
    return true;
  }));
  EXPECT_FALSE(foreign) << "one agent cannot read another's mention";
  EXPECT_TRUE(marked);
  read = this->store_->begin_read();
  EXPECT_TRUE(read->mentions_of("ag_bob", true, 10).empty());
  EXPECT_EQ(read->mention("men_1")->read_at, kNow);
}

TYPED_TEST(TeamStore, AShortcutIsUniquePerScopeIgnoringAsciiCase) {
  ASSERT_TRUE(this->write([](WriteTxn& tx) {
    tx.insert_canned_reply(reply("cr_1", std::nullopt, "Refund"));
    tx.insert_canned_reply(reply("cr_2", "asst_1", "refund"));
    tx.insert_canned_reply(reply("cr_3", "asst_2", "退貨"));
    return true;
  }));
  EXPECT_FALSE(this->write([](WriteTxn& tx) {
    tx.insert_canned_reply(reply("cr_4", std::nullopt, "REFUND"));
    return true;
  })) << "the same shortcut in the same scope is refused";
  auto read = this->store_->begin_read();
  EXPECT_EQ(read->canned_reply_by_shortcut(std::nullopt, "rEfUnD")->id, "cr_1");
  EXPECT_EQ(read->canned_reply_by_shortcut("asst_1", "refund")->id, "cr_2");
  EXPECT_FALSE(read->canned_reply_by_shortcut("asst_2", "refund"));
  EXPECT_EQ(read->canned_replies(std::nullopt).size(), 3u);
  EXPECT_EQ(read->canned_replies(core::Id("asst_1")).size(), 2u) << "its own and the global ones";
  EXPECT_EQ(read->canned_replies(core::Id("asst_2")).size(), 2u);
  EXPECT_EQ(read->canned_reply_count(), 3);
  read.reset();
  auto edited = reply("cr_3", "asst_2", "退款");
  edited.text = "new";
  ASSERT_TRUE(this->write([&](WriteTxn& tx) {
    tx.update_canned_reply(edited);
    return tx.delete_canned_reply("cr_1") && !tx.delete_canned_reply("cr_1");
  }));
  read = this->store_->begin_read();
  EXPECT_EQ(read->canned_reply("cr_3")->shortcut, "退款");
  EXPECT_EQ(read->canned_reply("cr_3")->text, "new");
  EXPECT_FALSE(read->canned_reply("cr_1"));
}

TYPED_TEST(TeamStore, LabelsAreReadWithTheConversationAndFilterTheList) {
  ASSERT_TRUE(this->write([](WriteTxn& tx) {
    tx.insert_label(core::Label{"vip", "#ff0000", kNow});
    tx.insert_label(core::Label{"急件", "#00ff00", kNow});
    tx.set_conversation_labels("conv_1", {"急件", "vip"});
    return true;
  }));
  auto read = this->store_->begin_read();
  const auto before = read->conversation("conv_1")->version;
  EXPECT_EQ(read->conversation("conv_1")->labels, (std::vector<std::string>{"急件", "vip"})) << "in the order applied";
  EXPECT_TRUE(read->conversation("conv_2")->labels.empty());
  ConversationFilter filter;
  filter.label = "vip";
  const auto found = read->conversations(filter);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "conv_1");
  EXPECT_EQ(found[0].labels.size(), 2u);
  filter.label = "none";
  EXPECT_TRUE(read->conversations(filter).empty());
  EXPECT_EQ(read->conversations_labelled("vip"), std::vector<core::Id>{"conv_1"});
  EXPECT_EQ(read->labels().size(), 2u);
  read.reset();
  ASSERT_TRUE(this->write([](WriteTxn& tx) {
    tx.set_conversation_labels("conv_1", {"急件"});
    return tx.lock_label("vip") && !tx.lock_label("none") && tx.delete_label("vip") && !tx.delete_label("vip");
  }));
  read = this->store_->begin_read();
  EXPECT_EQ(read->conversation("conv_1")->labels, std::vector<std::string>{"急件"});
  EXPECT_GT(read->conversation("conv_1")->version, before) << "a label change is a change of the conversation";
  EXPECT_EQ(read->labels().size(), 1u);
}

}  // namespace
}  // namespace baton::store
