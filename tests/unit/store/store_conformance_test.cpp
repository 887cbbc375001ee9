// Store conformance: what any Store must do. Each test runs against every store in
// `ConformingStores` (SQLite and PostgreSQL; another store joins by adding its factory there).
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <set>
#include <thread>

#include "core/names.hpp"
#include "core/time.hpp"
#include "store/commit_and_wait.hpp"
#include "store_factories.hpp"

namespace baton::store {
namespace {

using core::TimePoint;
const TimePoint kNow{std::chrono::milliseconds{1'764'119'000'000}};

// Runs one write job and waits for it; answers whether it became durable.
bool write(Store& store, std::function<bool(WriteTxn&)> apply) { return commit_and_wait(store, std::move(apply)); }

template <class Factory>
class StoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Factory::available()) GTEST_SKIP() << "this store cannot run here (make deps installs what it needs)";
    store_ = stores_.open();
    ASSERT_TRUE(write(*store_, [](WriteTxn& tx) {
      core::Assistant assistant{"asst_1", "Shop", "Hi", true, "", kNow, kNow};
      tx.insert_assistant(assistant);
      core::Conversation conversation;
      conversation.id = "conv_1";
      conversation.assistant_id = "asst_1";
      conversation.contact = core::Contact{"ct_1", "Visitor", std::nullopt};
      conversation.created_at = conversation.updated_at = kNow;
      tx.insert_conversation(conversation);
      return true;
    }));
  }

  core::Message message(std::string id, std::string text) {
    core::Message m;
    m.id = std::move(id);
    m.conversation_id = "conv_1";
    m.text = std::move(text);
    m.created_at = kNow;
    return m;
  }

  Factory stores_;  // one fresh, empty store for this test
  std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(StoreConformance, testing::ConformingStores, testing::StoreName);

TYPED_TEST(StoreConformance, AppendedMessagesGetContiguousSeqUnderConcurrentWriters) {
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        write(*this->store_, [&](WriteTxn& tx) {
          tx.append_message(this->message("msg_" + std::to_string(t) + "_" + std::to_string(i), "hi"));
          return true;
        });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto read = this->store_->begin_read();
  auto messages = read->messages("conv_1", 0, 10'000);
  ASSERT_EQ(messages.size(), std::size_t{kThreads * kPerThread});
  for (std::size_t i = 0; i < messages.size(); ++i) EXPECT_EQ(messages[i].seq, std::int64_t(i + 1));
  EXPECT_EQ(read->conversation("conv_1")->last_seq, kThreads * kPerThread);
}

TYPED_TEST(StoreConformance, AJobThatSaysNoLeavesNothingBehindAndOthersCommit) {
  std::promise<bool> first, second;
  this->store_->submit(WriteJob{[this](WriteTxn& tx) {
                                  tx.append_message(this->message("kept", "a"));
                                  return true;
                                },
                                [&](bool durable) { first.set_value(durable); }});
  this->store_->submit(WriteJob{[this](WriteTxn& tx) {
                                  tx.append_message(this->message("undone", "b"));
                                  return false;
                                },
                                [&](bool durable) { second.set_value(durable); }});
  EXPECT_TRUE(first.get_future().get());
  EXPECT_FALSE(second.get_future().get());
  auto read = this->store_->begin_read();
  auto messages = read->messages("conv_1", 0, 100);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].id, "kept");
  EXPECT_EQ(read->conversation("conv_1")->last_seq, 1);
}

// A burst of jobs that declared their locks (PostgreSQL commits them in groups): one saying no
// in the middle is undone alone; every other one is kept, in a gap-free seq.
TYPED_TEST(StoreConformance, OneJobSayingNoInABurstUndoesOnlyItself) {
  constexpr int kJobs = 120, kRefused = 57;
  std::vector<std::promise<bool>> outcomes(kJobs);
  for (int i = 0; i < kJobs; ++i) {
    this->store_->submit(WriteJob{[this, i](WriteTxn& tx) {
                                    tx.conversation("conv_1");
                                    tx.append_message(this->message("msg_" + std::to_string(i), "x"));
                                    return i != kRefused;
                                  },
                                  [&outcomes, i](bool durable) { outcomes[i].set_value(durable); },
                                  conversation_lock("conv_1")});
  }
  for (int i = 0; i < kJobs; ++i) EXPECT_EQ(outcomes[i].get_future().get(), i != kRefused) << "job " << i;
  auto read = this->store_->begin_read();
  auto messages = read->messages("conv_1", 0, 1000);
  ASSERT_EQ(messages.size(), std::size_t{kJobs - 1});
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(messages[i].seq, std::int64_t(i + 1));
    EXPECT_NE(messages[i].id, "msg_" + std::to_string(kRefused));
  }
}

// Jobs on one conversation submitted one after another commit in that order (PostgreSQL's lanes
// take a conversation's jobs on one lane), so their messages' seqs follow the submission order.
TYPED_TEST(StoreConformance, JobsOnOneConversationCommitInTheOrderSubmitted) {
  constexpr int kJobs = 200;
  std::vector<std::promise<bool>> outcomes(kJobs);
  for (int i = 0; i < kJobs; ++i) {
    this->store_->submit(WriteJob{[this, i](WriteTxn& tx) {
                                    tx.conversation("conv_1");
                                    tx.append_message(this->message("msg_" + std::to_string(i), std::to_string(i)));
                                    return true;
                                  },
                                  [&outcomes, i](bool durable) { outcomes[i].set_value(durable); },
                                  conversation_lock("conv_1")});
  }
  for (auto& outcome : outcomes) ASSERT_TRUE(outcome.get_future().get());
  const auto messages = this->store_->begin_read()->messages("conv_1", 0, 1000);
  ASSERT_EQ(messages.size(), std::size_t{kJobs});
  for (int i = 0; i < kJobs; ++i) EXPECT_EQ(messages[i].text, std::to_string(i));
}

// PostgreSQL keeps the event data as jsonb, which respaces it: compared without spaces.
std::string unspaced(std::string json) {
  std::erase(json, ' ');
  return json;
}

core::ConversationEvent log_event(std::int64_t seq, std::string episode, core::LogEventType type) {
  core::ConversationEvent event;
  event.id = "evt_" + std::to_string(seq);
  event.conversation_id = "conv_1";
  event.episode_id = std::move(episode);
  event.seq = seq;
  event.type = type;
  event.at = kNow + std::chrono::seconds(seq);
  return event;
}

TYPED_TEST(StoreConformance, TheEventLogIsReadBackWholeByConversationSeqAndEpisode) {
  auto requested = log_event(1, "ep_1", core::LogEventType::handoff_requested);
  requested.actor = core::ActorType::customer;
  requested.data = R"({"reason":"button","offline_request":false})";
  auto assigned = log_event(2, "ep_1", core::LogEventType::assigned);
  assigned.actor = core::ActorType::agent;
  assigned.actor_id = "agent_1";
  assigned.duration_ms = 1500;
  auto reopened = log_event(3, "ep_2", core::LogEventType::reactivated);
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    for (const auto& event : {requested, assigned, reopened}) tx.append_conversation_event(event);
    return true;
  }));
  auto read = this->store_->begin_read();
  const auto all = read->conversation_events("conv_1", 0, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].type, core::LogEventType::handoff_requested);
  EXPECT_EQ(all[0].actor, core::ActorType::customer);
  EXPECT_EQ(unspaced(all[0].data), requested.data);
  EXPECT_FALSE(all[0].duration_ms.has_value());
  EXPECT_EQ(all[1].actor_id, "agent_1");
  EXPECT_EQ(all[1].duration_ms, 1500);
  EXPECT_FALSE(all[1].business_duration_ms.has_value());
  EXPECT_EQ(all[1].at, assigned.at);
  EXPECT_EQ(all[2].episode_id, "ep_2");
  const auto page = read->conversation_events("conv_1", 1, 1);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].seq, 2);
  EXPECT_EQ(read->last_conversation_event("conv_1")->seq, 3);
  EXPECT_FALSE(read->last_conversation_event("conv_none").has_value());
  const auto episode = read->episode_events("conv_1", "ep_1");
  ASSERT_EQ(episode.size(), 2u);
  EXPECT_EQ(episode[1].id, "evt_2");
}

TYPED_TEST(StoreConformance, AnEventSeqAlreadyTakenIsRefusedAndNothingOfTheJobKept) {
  ASSERT_TRUE(write(*this->store_, [](WriteTxn& tx) {
    tx.append_conversation_event(log_event(1, "ep_1", core::LogEventType::handoff_requested));
    return true;
  }));
  EXPECT_FALSE(write(*this->store_, [this](WriteTxn& tx) {
    tx.append_message(this->message("msg_with_event", "x"));
    auto again = log_event(1, "ep_1", core::LogEventType::done);
    again.id = "evt_other";
    tx.append_conversation_event(again);
    return true;
  }));
  auto read = this->store_->begin_read();
  EXPECT_EQ(read->conversation_events("conv_1", 0, 10).size(), 1u);
  EXPECT_TRUE(read->messages("conv_1", 0, 10).empty());
}

// A system notice keeps what readers render it from: its event and its details.
TYPED_TEST(StoreConformance, ANoticeKeepsItsEventAndDetails) {
  auto closed = this->message("msg_closed", "We are closed right now. Leave us a message.");
  closed.sender = core::Sender::system;
  closed.event = core::SystemEvent::no_agents_online;
  closed.notice =
      core::NoticeDetails{.closed = true, .next_open_at = kNow + std::chrono::hours(15), .time_zone = "Asia/Taipei"};
  auto placed =
      this->message("msg_placed", "Connecting you to a live agent, please wait. You are number 2 in the queue.");
  placed.sender = core::Sender::system;
  placed.event = core::SystemEvent::handoff_requested;
  placed.notice.queue_position = 2;
  auto custom = this->message("msg_custom", "週末休息。\nClosed at weekends.");
  custom.sender = core::Sender::system;
  custom.event = core::SystemEvent::no_agents_online;
  custom.notice.custom_text = true;
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    for (const auto& m : {closed, placed, custom}) tx.append_message(m);
    return true;
  }));
  const auto stored = this->store_->begin_read()->messages("conv_1", 0, 10);
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[0].notice, closed.notice);
  EXPECT_EQ(stored[1].notice, placed.notice);
  EXPECT_EQ(stored[2].notice, custom.notice);
  EXPECT_EQ(stored[2].text, "週末休息。\nClosed at weekends.");
}

// The queue: live requests only, first come first, ties on time by id; a left message, a live
// conversation and another assistant's request are not in it.
TYPED_TEST(StoreConformance, TheQueueRanksLiveRequestsFirstComeFirstWithTiesById) {
  const auto earlier = kNow, later = kNow + std::chrono::seconds(5);
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    tx.insert_assistant(core::Assistant{"asst_2", "Other", "Hi", true, "", kNow, kNow});
    auto add = [&](std::string id, core::Status status, core::TimePoint at, bool offline, std::string assistant) {
      core::Conversation c;
      c.id = std::move(id);
      c.assistant_id = std::move(assistant);
      c.status = status;
      c.handoff_requested_at = at;
      c.offline_request = offline;
      c.contact = core::Contact{"ct_" + c.id, "Visitor", std::nullopt};
      c.created_at = c.updated_at = kNow;
      tx.insert_conversation(c);
    };
    add("conv_c", core::Status::waiting, later, false, "asst_1");
    add("conv_a", core::Status::waiting, later, false, "asst_1");
    add("conv_b", core::Status::waiting, earlier, false, "asst_1");
    add("conv_left", core::Status::waiting, earlier, true, "asst_1");
    add("conv_live", core::Status::live, earlier, false, "asst_1");
    add("conv_other", core::Status::waiting, earlier, false, "asst_2");
    return true;
  }));
  auto read = this->store_->begin_read();
  EXPECT_EQ(read->waiting_queue("asst_1", 10), (std::vector<core::Id>{"conv_b", "conv_a", "conv_c"}));
  EXPECT_EQ(read->waiting_queue("asst_1", 2), (std::vector<core::Id>{"conv_b", "conv_a"}));
  EXPECT_EQ(read->queue_position("asst_1", earlier, "conv_b"), 1);
  EXPECT_EQ(read->queue_position("asst_1", later, "conv_a"), 2);
  EXPECT_EQ(read->queue_position("asst_1", later, "conv_c"), 3);
  EXPECT_EQ(read->queue_position("asst_2", earlier, "conv_other"), 1);
  EXPECT_EQ(read->assignment_queue("asst_1", 10), (std::vector<core::Id>{"conv_b", "conv_a", "conv_c", "conv_left"}))
      << "for assignment, a left message comes after every live request";
  EXPECT_EQ(read->queue_summary("asst_1"), (QueueSummary{4, earlier}));
  EXPECT_EQ(read->queue_summary("asst_3"), QueueSummary{});
}

TYPED_TEST(StoreConformance, RoutingSettingsOfAgentsAndAssistantsRoundTrip) {
  ASSERT_TRUE(write(*this->store_, [](WriteTxn& tx) {
    tx.insert_assistant(core::Assistant{"asst_2", "Other", "Hi", true, "", kNow, kNow});
    core::Agent agent{"ag_1", "a@b.c", "Amy", core::Role::agent, core::Presence::offline, kNow};
    tx.insert_agent(agent, "hash");
    agent.max_concurrent = 3;
    agent.assistant_ids = {"asst_1", "asst_2"};
    tx.update_agent(agent);
    tx.mark_assigned("ag_1", kNow + std::chrono::seconds(7));
    auto assistant = *tx.assistant("asst_1");
    assistant.routing = core::RoutingSettings{core::RoutingMode::automatic, 4, 30, true};
    assistant.business_hours.enabled = true;
    assistant.business_hours.timezone = "Asia/Taipei";
    assistant.business_hours.weekly = {{1, 9 * 60, 18 * 60}, {5, 22 * 60, 2 * 60}};
    assistant.business_hours.closed_dates = {{2027, 1, 1}};
    assistant.business_hours.special = {{{2027, 2, 9}, 9 * 60, 12 * 60}};
    tx.update_assistant(assistant);
    return true;
  }));
  auto read = this->store_->begin_read();
  const auto agent = *read->agent("ag_1");
  EXPECT_EQ(agent.max_concurrent, 3);
  EXPECT_EQ(agent.assistant_ids, (std::vector<core::Id>{"asst_1", "asst_2"}));
  EXPECT_EQ(agent.last_assigned_at, kNow + std::chrono::seconds(7));
  const auto assistant = *read->assistant("asst_1");
  EXPECT_EQ(assistant.routing.mode, core::RoutingMode::automatic);
  EXPECT_EQ(assistant.routing.default_capacity, 4);
  EXPECT_EQ(assistant.routing.requeue_after_s, 30);
  EXPECT_TRUE(assistant.routing.route_after_hours);
  EXPECT_EQ(assistant.business_hours.timezone, "Asia/Taipei");
  EXPECT_EQ(assistant.business_hours.weekly.size(), 2u);
  EXPECT_EQ(assistant.business_hours.special.at(0).close, 12 * 60);
  const auto other = *read->assistant("asst_2");
  EXPECT_EQ(other.routing.mode, core::RoutingMode::manual) << "the defaults";
  EXPECT_EQ(other.routing.default_capacity, std::nullopt);
  EXPECT_EQ(other.routing.requeue_after_s, 120);
  EXPECT_FALSE(other.business_hours.enabled);
  read.reset();
  ASSERT_TRUE(write(*this->store_, [](WriteTxn& tx) {
    auto agent = *tx.agent("ag_1");
    agent.max_concurrent.reset();
    agent.assistant_ids.clear();
    tx.update_agent(agent);
    return true;
  }));
  const auto cleared = *this->store_->begin_read()->agent("ag_1");
  EXPECT_EQ(cleared.max_concurrent, std::nullopt);
  EXPECT_TRUE(cleared.assistant_ids.empty());
}

TYPED_TEST(StoreConformance, EachAgentsLiveLoadAndWhoSpokeLastAreRead) {
  ASSERT_TRUE(write(*this->store_, [this](WriteTxn& tx) {
    for (const auto* id : {"ag_1", "ag_2"}) {
      tx.insert_agent(core::Agent{id, std::string(id) + "@b.c", id, core::Role::agent, core::Presence::online, kNow},
                      "hash");
    }
    for (const auto* id : {"conv_2", "conv_3"}) {
      core::Conversation c;
      c.id = id;
      c.assistant_id = "asst_1";
      c.contact = core::Contact{std::string("ct_") + id, "Visitor", std::nullopt};
      c.created_at = c.updated_at = kNow;
      tx.insert_conversation(c);
    }
    for (const auto* id : {"conv_1", "conv_2", "conv_3"}) {
      auto c = *tx.conversation(id);
      c.status = std::string(id) == "conv_3" ? core::Status::done : core::Status::live;
      c.assigned_agent_id = "ag_1";
      tx.update_conversation(c);
    }
    // Locking rows and the assistant's passes works inside a job on every store.
    tx.lock_routing("asst_1");
    tx.lock_rows({{LockKey::Table::conversation, "conv_2"}, {LockKey::Table::agent, "ag_1"}});
    auto customer = this->message("m1", "hello");
    customer.sender = core::Sender::customer;
    tx.append_message(customer);
    auto agent = this->message("m2", "hi");
    agent.sender = core::Sender::agent;
    agent.agent_id = "ag_1";
    tx.append_message(agent);
    customer.id = "m3";
    tx.append_message(customer);
    return true;
  }));
  auto read = this->store_->begin_read();
  EXPECT_EQ(read->live_count("ag_1"), 2) << "a done conversation is not a load";
  EXPECT_EQ(read->live_count("ag_2"), 0);
  EXPECT_EQ(read->live_counts(), (std::vector<std::pair<core::Id, int>>{{"ag_1", 2}}));
  std::vector<core::Id> held;
  for (const auto& c : read->live_conversations_of("ag_1")) held.push_back(c.id);
  EXPECT_EQ(held, (std::vector<core::Id>{"conv_1", "conv_2"}));
  const auto spoken = read->last_spoken("conv_1", "ag_1");
  EXPECT_EQ(spoken.customer_seq, 3);
  EXPECT_EQ(spoken.agent_seq, 2);
  const auto other = read->last_spoken("conv_1", "ag_2");
  EXPECT_EQ(other.agent_seq, std::nullopt) << "only this agent's messages count";
  EXPECT_EQ(read->last_spoken("conv_2", "ag_1").customer_seq, std::nullopt);
}

TYPED_TEST(StoreConformance, AJobThatThrowsIsRolledBack) {
  EXPECT_FALSE(write(*this->store_, [this](WriteTxn& tx) -> bool {
    tx.append_message(this->message("dup", "a"));
    tx.append_message(this->message("dup", "a"));  // same primary key: the store throws
    return true;
  }));
  EXPECT_TRUE(this->store_->begin_read()->messages("conv_1", 0, 10).empty());
}

TYPED_TEST(StoreConformance, AfterCommitActionsRunOnlyForKeptJobs) {
  bool kept_ran = false, undone_ran = false;
  write(*this->store_, [&](WriteTxn& tx) {
    tx.after_commit([&] { kept_ran = true; });
    return true;
  });
  write(*this->store_, [&](WriteTxn& tx) {
    tx.after_commit([&] { undone_ran = true; });
    return false;
  });
  EXPECT_TRUE(kept_ran);
  EXPECT_FALSE(undone_ran);
}

TYPED_TEST(StoreConformance, ClientIdFindsTheStoredMessage) {
  write(*this->store_, [this](WriteTxn& tx) {
    auto m = this->message("m1", "hello");
    m.client_id = "c-1";
    tx.append_message(m);
    return true;
  });
  auto read = this->store_->begin_read();
  EXPECT_EQ(read->message_by_client_id("conv_1", "c-1")->id, "m1");
  EXPECT_FALSE(read->message_by_client_id("conv_1", "c-2"));
}

TYPED_TEST(StoreConformance, ConversationsListNewestFirstWithLastMessageAndFilters) {
  write(*this->store_, [this](WriteTxn& tx) {
    core::Conversation second;
    second.id = "conv_2";
    second.assistant_id = "asst_1";
    second.status = core::Status::waiting;
    second.contact = core::Contact{"ct_2", "Amy", "amy@example.com"};
    second.created_at = second.updated_at = kNow + std::chrono::seconds(5);
    tx.insert_conversation(second);
    auto m = this->message("m1", "latest");
    m.created_at = kNow + std::chrono::seconds(1);
    tx.append_message(m);
    return true;
  });
  auto read = this->store_->begin_read();
  auto all = read->conversations({});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "conv_2");
  EXPECT_EQ(all[1].last_message->text, "latest");
  EXPECT_EQ(all[0].contact.contact, "amy@example.com");
  auto waiting = read->conversations({{core::Status::waiting, core::Status::live}, std::nullopt, 50});
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0].id, "conv_2");
}

TYPED_TEST(StoreConformance, AConversationsHeadIsTheConversationWithoutItsLastMessage) {
  write(*this->store_, [this](WriteTxn& tx) {
    tx.append_message(this->message("m1", "latest"));
    return true;
  });
  auto read = this->store_->begin_read();
  auto whole = read->conversation("conv_1");
  auto head = read->conversation_head("conv_1");
  ASSERT_TRUE(whole && head);
  EXPECT_TRUE(whole->last_message);
  EXPECT_FALSE(head->last_message);
  EXPECT_EQ(head->id, whole->id);
  EXPECT_EQ(head->assistant_id, whole->assistant_id);
  EXPECT_EQ(head->status, whole->status);
  EXPECT_EQ(head->contact.name, whole->contact.name);
  EXPECT_EQ(head->handoff_requested_at, whole->handoff_requested_at);
  EXPECT_EQ(head->version, whole->version);
  EXPECT_EQ(head->labels, whole->labels);
  EXPECT_EQ(head->created_at, whole->created_at);
  EXPECT_EQ(head->last_seq, 1);
  EXPECT_FALSE(read->conversation_head("conv_missing"));
}

TYPED_TEST(StoreConformance, ConversationUpdatesRoundTrip) {
  write(*this->store_, [](WriteTxn& tx) {
    auto c = *tx.conversation("conv_1");
    c.status = core::Status::waiting;
    c.handoff_requested_at = kNow;
    c.handoff_reason = core::HandoffReason::phrase;
    c.offline_request = true;
    tx.update_conversation(c);
    return true;
  });
  auto c = *this->store_->begin_read()->conversation("conv_1");
  EXPECT_EQ(c.status, core::Status::waiting);
  EXPECT_EQ(c.handoff_requested_at, kNow);
  EXPECT_EQ(c.handoff_reason, core::HandoffReason::phrase);
  EXPECT_TRUE(c.offline_request);
}

TYPED_TEST(StoreConformance, AgentsSessionsKnowledgeAndVisitorsRoundTrip) {
  write(*this->store_, [](WriteTxn& tx) {
    tx.insert_agent(core::Agent{"ag_1", "a@b.c", "Amy", core::Role::admin, core::Presence::offline, kNow}, "hash");
    tx.update_agent_presence("ag_1", core::Presence::online);
    tx.insert_session(Session{"th", "ag_1", "ch", kNow});
    tx.insert_knowledge(core::KnowledgeEntry{"k1", "asst_1", "Q", "A", kNow, kNow});
    tx.insert_visitor(Visitor{"vh", "conv_1", "asst_1"});
    return true;
  });
  auto read = this->store_->begin_read();
  auto credentials = read->agent_by_email("a@b.c");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->password_hash, "hash");
  EXPECT_EQ(credentials->agent.presence, core::Presence::online);
  EXPECT_EQ(read->session("th")->agent_id, "ag_1");
  EXPECT_EQ(read->knowledge("asst_1").size(), 1u);
  EXPECT_EQ(read->visitor("vh")->conversation_id, "conv_1");
  read.reset();
  EXPECT_TRUE(write(*this->store_, [](WriteTxn& tx) { return tx.delete_knowledge("asst_1", "k1"); }));
  EXPECT_FALSE(write(*this->store_, [](WriteTxn& tx) { return tx.delete_knowledge("asst_1", "k1"); }));
}

TYPED_TEST(StoreConformance, AUsersSessionsEndTogetherExceptTheOneKept) {
  write(*this->store_, [](WriteTxn& tx) {
    tx.insert_agent(core::Agent{"ag_1", "a@b.c", "Amy", core::Role::admin, core::Presence::offline, kNow}, "hash");
    tx.insert_agent(core::Agent{"ag_2", "b@b.c", "Bo", core::Role::agent, core::Presence::offline, kNow}, "hash");
    for (const char* hash : {"s1", "s2", "s3"}) tx.insert_session(Session{hash, "ag_1", "c", kNow});
    tx.insert_session(Session{"other", "ag_2", "c", kNow});
    return true;
  });
  std::vector<std::string> ended;
  write(*this->store_, [&](WriteTxn& tx) {
    ended = tx.delete_sessions_of("ag_1", "s2");
    return true;
  });
  std::sort(ended.begin(), ended.end());
  EXPECT_EQ(ended, (std::vector<std::string>{"s1", "s3"}));
  auto read = this->store_->begin_read();
  EXPECT_TRUE(read->session("s2"));
  EXPECT_FALSE(read->session("s1"));
  EXPECT_TRUE(read->session("other")) << "another user's session stays";
  read.reset();
  write(*this->store_, [&](WriteTxn& tx) {
    ended = tx.delete_sessions_of("ag_1", "");
    return true;
  });
  EXPECT_EQ(ended, std::vector<std::string>{"s2"});
}

TYPED_TEST(StoreConformance, IdleSessionsExpireAndUsedOnesMoveTheirDeadline) {
  const auto hour = std::chrono::hours(1);
  write(*this->store_, [&](WriteTxn& tx) {
    tx.insert_agent(core::Agent{"ag_1", "a@b.c", "Amy", core::Role::admin, core::Presence::offline, kNow}, "hash");
    tx.insert_session(Session{"idle", "ag_1", "c", kNow - hour});
    tx.insert_session(Session{"used", "ag_1", "c", kNow - hour});
    tx.extend_session("used", kNow + hour);
    return true;
  });
  EXPECT_EQ(this->store_->begin_read()->session("used")->expires_at, kNow + hour);
  std::vector<std::string> ended;
  write(*this->store_, [&](WriteTxn& tx) {
    ended = tx.delete_expired_sessions(kNow);
    return true;
  });
  EXPECT_EQ(ended, std::vector<std::string>{"idle"});
  EXPECT_TRUE(this->store_->begin_read()->session("used"));
}

TYPED_TEST(StoreConformance, AUserCanBeRenamedDemotedDisabledAndGivenANewPassword) {
  write(*this->store_, [](WriteTxn& tx) {
    tx.insert_agent(core::Agent{"ag_1", "a@b.c", "Amy", core::Role::admin, core::Presence::offline, kNow}, "old");
    auto agent = *tx.agent("ag_1");
    agent.name = "Amy Lin";
    agent.role = core::Role::agent;
    agent.disabled = true;
    tx.update_agent(agent);
    tx.update_agent_password("ag_1", "new");
    return true;
  });
  auto credentials = this->store_->begin_read()->agent_by_email("a@b.c");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->agent.name, "Amy Lin");
  EXPECT_EQ(credentials->agent.role, core::Role::agent);
  EXPECT_TRUE(credentials->agent.disabled);
  EXPECT_EQ(credentials->password_hash, "new");
}

TYPED_TEST(StoreConformance, TheConversationListPagesByCursorWithoutGapsOrRepeats) {
  write(*this->store_, [](WriteTxn& tx) {
    for (int i = 2; i <= 6; ++i) {
      core::Conversation conversation;
      conversation.id = "conv_" + std::to_string(i);
      conversation.assistant_id = "asst_1";
      conversation.contact = core::Contact{"ct_" + std::to_string(i), "V", std::nullopt};
      // Two pairs share a time: the id breaks the tie.
      conversation.created_at = conversation.updated_at = kNow + std::chrono::seconds(i / 2);
      tx.insert_conversation(conversation);
    }
    return true;
  });
  auto read = this->store_->begin_read();
  std::vector<std::string> seen;
  ConversationFilter filter{{}, std::nullopt, 2};
  for (int page = 0; page < 10; ++page) {
    auto found = read->conversations(filter);
    for (const auto& conversation : found) seen.push_back(conversation.id);
    if (found.size() < 2) break;
    filter.before = ConversationCursor{found.back().updated_at, found.back().id};
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"conv_6", "conv_5", "conv_4", "conv_3", "conv_2", "conv_1"}));

  // Only those changed after a moment (the catch-up sweep's window), newest first.
  ConversationFilter recent;
  recent.updated_after = kNow + std::chrono::seconds(1);
  std::vector<std::string> changed;
  for (const auto& conversation : read->conversations(recent)) changed.push_back(conversation.id);
  EXPECT_EQ(changed, (std::vector<std::string>{"conv_6", "conv_5", "conv_4"}));
}

TYPED_TEST(StoreConformance, HistoryReadsFromTheNewestBackInSeqOrder) {
  write(*this->store_, [this](WriteTxn& tx) {
    for (int i = 1; i <= 5; ++i) tx.append_message(this->message("m" + std::to_string(i), std::to_string(i)));
    return true;
  });
  auto read = this->store_->begin_read();
  auto newest = read->messages_before("conv_1", 6, 2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].seq, 4);
  EXPECT_EQ(newest[1].seq, 5);
  auto first = read->messages_before("conv_1", 2, 10);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].seq, 1);
  EXPECT_TRUE(read->messages_before("conv_1", 1, 10).empty());
}

TYPED_TEST(StoreConformance, EveryChangeBumpsTheConversationVersion) {
  const auto version = [this] { return this->store_->begin_read()->conversation("conv_1")->version; };
  const auto before = version();
  write(*this->store_, [this](WriteTxn& tx) {
    tx.append_message(this->message("m1", "hello"));
    return true;
  });
  const auto after_message = version();
  EXPECT_GT(after_message, before);
  write(*this->store_, [](WriteTxn& tx) {
    auto conversation = *tx.conversation("conv_1");
    conversation.contact.name = "林美玲";
    tx.update_conversation(conversation);
    return true;
  });
  EXPECT_GT(version(), after_message);
  // A job that is undone leaves the version as it was.
  const auto kept = version();
  write(*this->store_, [](WriteTxn& tx) {
    tx.update_conversation(*tx.conversation("conv_1"));
    return false;
  });
  EXPECT_EQ(version(), kept);
}

TYPED_TEST(StoreConformance, LineContactsEventsAndTheOutboxRoundTrip) {
  const core::TimePoint later = kNow + std::chrono::seconds(30);
  core::LineTask first, second, profile;
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    tx.upsert_line_channel(core::LineChannel{"asst_1", "secret", "token", kNow});
    tx.upsert_line_contact(core::LineContact{"asst_1", "U1", "conv_1", true, "reply-1", kNow, kNow, kNow, "zh-TW"});
    EXPECT_TRUE(tx.insert_line_event("evt_1", "asst_1", kNow));
    EXPECT_FALSE(tx.insert_line_event("evt_1", "asst_1", kNow)) << "a redelivery";
    const auto m1 = tx.append_message(this->message("m1", "one"));
    const auto m2 = tx.append_message(this->message("m2", "two"));
    auto task = [&](core::LineTaskKind kind, std::optional<core::Id> subject) {
      core::LineTask t;
      t.kind = kind;
      t.assistant_id = "asst_1";
      t.conversation_id = "conv_1";
      t.user_id = "U1";
      t.subject_id = std::move(subject);
      t.retry_key = "key-" + subject.value_or("none");
      t.next_attempt_at = t.created_at = t.updated_at = kNow;
      return tx.insert_line_task(t);
    };
    first = task(core::LineTaskKind::message, m1.id);
    second = task(core::LineTaskKind::message, m2.id);
    profile = task(core::LineTaskKind::profile, std::nullopt);
    return true;
  }));
  EXPECT_LT(first.id, second.id);
  EXPECT_LT(second.id, profile.id);
  {
    auto read = this->store_->begin_read();
    EXPECT_EQ(read->line_channel("asst_1")->channel_access_token, "token");
    const auto contact = read->line_contact("asst_1", "U1");
    ASSERT_TRUE(contact.has_value());
    EXPECT_EQ(contact->reply_token, std::optional<std::string>("reply-1"));
    EXPECT_EQ(contact->reply_token_at, std::optional(kNow));
    EXPECT_EQ(contact->language, std::optional<std::string>("zh-TW"));
    EXPECT_EQ(read->line_contact_of("conv_1")->user_id, "U1");
    // A message task waits behind an older pending message of its conversation; others do not.
    std::vector<std::int64_t> due;
    for (const auto& t : read->due_line_tasks(kNow, 10)) due.push_back(t.id);
    EXPECT_EQ(due, (std::vector<std::int64_t>{first.id, profile.id}));
    EXPECT_EQ(read->pending_messages_after("conv_1", first.id, 10).size(), 1u);
    EXPECT_EQ(read->message("m1")->delivery->state, core::DeliveryState::pending);
  }
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    auto sent = *tx.line_task(first.id);
    sent.state = core::DeliveryState::sent;
    sent.updated_at = later;
    tx.update_line_task(sent);
    auto retry = *tx.line_task(profile.id);
    retry.attempts = 1;
    retry.next_attempt_at = later;
    retry.last_error = "429";
    tx.update_line_task(retry);
    tx.forget_line_events_before(later);
    return true;
  }));
  auto read = this->store_->begin_read();
  EXPECT_EQ(read->message("m1")->delivery->state, core::DeliveryState::sent);
  std::vector<std::int64_t> due;
  for (const auto& t : read->due_line_tasks(kNow, 10)) due.push_back(t.id);
  EXPECT_EQ(due, std::vector<std::int64_t>{second.id});
  EXPECT_EQ(read->next_line_task_after(kNow), std::optional(later));
  EXPECT_EQ(read->line_task(profile.id)->last_error, "429");
}

TYPED_TEST(StoreConformance, ReadTokensProfileWaitsAndPushCountsRoundTrip) {
  const core::TimePoint wait_ends = kNow + std::chrono::seconds(2);
  core::LineTask held, profile, receipt;
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    core::LineContact contact{"asst_1",     "U1", "conv_1", true,         std::nullopt,
                              std::nullopt, kNow, kNow,     std::nullopt, "mark-1"};
    tx.upsert_line_contact(contact);
    const auto m1 = tx.append_message(this->message("m1", "one"));
    auto task = [&](core::LineTaskKind kind, std::optional<core::Id> subject) {
      core::LineTask t;
      t.kind = kind;
      t.assistant_id = "asst_1";
      t.conversation_id = "conv_1";
      t.user_id = "U1";
      t.subject_id = std::move(subject);
      t.retry_key = "key-" + std::string(core::name_of(kind));
      t.next_attempt_at = t.created_at = t.updated_at = kNow;
      return t;
    };
    auto message = task(core::LineTaskKind::message, m1.id);
    message.profile_wait_until = wait_ends;
    held = tx.insert_line_task(message);
    profile = tx.insert_line_task(task(core::LineTaskKind::profile, std::nullopt));
    auto mark = task(core::LineTaskKind::mark_read, std::nullopt);
    mark.read_token = "mark-1";
    receipt = tx.insert_line_task(mark);
    tx.count_line_push("asst_1", "2026-12");
    tx.count_line_push("asst_1", "2026-12");
    tx.count_line_push("asst_1", "2027-01");
    return true;
  }));
  {
    auto read = this->store_->begin_read();
    EXPECT_EQ(read->line_contact_of("conv_1")->read_token, std::optional<std::string>("mark-1"));
    EXPECT_EQ(read->line_task(receipt.id)->read_token, std::optional<std::string>("mark-1"));
    EXPECT_EQ(read->line_task(receipt.id)->kind, core::LineTaskKind::mark_read);
    EXPECT_EQ(read->line_task(held.id)->profile_wait_until, std::optional(wait_ends));
    // The message waits while its profile fetch is pending, until its wait ends.
    std::vector<std::int64_t> due;
    for (const auto& t : read->due_line_tasks(kNow, 10)) due.push_back(t.id);
    EXPECT_EQ(due, (std::vector<std::int64_t>{profile.id, receipt.id}));
    EXPECT_EQ(read->next_line_task_after(kNow), std::optional(wait_ends));
    due.clear();
    for (const auto& t : read->due_line_tasks(wait_ends, 10)) due.push_back(t.id);
    EXPECT_EQ(due, (std::vector<std::int64_t>{held.id, profile.id, receipt.id}));
    EXPECT_EQ(read->line_pushes("asst_1", "2026-12"), 2);
    EXPECT_EQ(read->line_pushes("asst_1", "2027-01"), 1);
    EXPECT_EQ(read->line_pushes("asst_2", "2026-12"), 0);
  }
  // Once the profile is fetched the message goes at once.
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    auto fetched = *tx.line_task(profile.id);
    fetched.state = core::DeliveryState::sent;
    tx.update_line_task(fetched);
    return true;
  }));
  std::vector<std::int64_t> due;
  for (const auto& t : this->store_->begin_read()->due_line_tasks(kNow, 10)) due.push_back(t.id);
  EXPECT_EQ(due, (std::vector<std::int64_t>{held.id, receipt.id}));
}

TYPED_TEST(StoreConformance, ALineUsersFirstContactIsMadeOnceAndPeekedWithoutALock) {
  const core::LineContact contact{"asst_1", "U7", "conv_1", true, std::nullopt, std::nullopt, kNow, kNow};
  EXPECT_FALSE(this->store_->begin_read()->line_conversation_of("asst_1", "U7"));
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    tx.insert_line_contact(contact);
    return true;
  }));
  EXPECT_EQ(this->store_->begin_read()->line_conversation_of("asst_1", "U7"), std::optional<core::Id>("conv_1"));
  EXPECT_FALSE(this->store_->begin_read()->line_conversation_of("asst_2", "U7")) << "per assistant";
  // A second first contact (another node's, say) fails its job: nothing of it is kept.
  EXPECT_FALSE(write(*this->store_, [&](WriteTxn& tx) {
    tx.insert_line_contact(contact);
    return true;
  }));
  EXPECT_EQ(this->store_->begin_read()->line_contact("asst_1", "U7")->conversation_id, "conv_1");
}

TYPED_TEST(StoreConformance, AnAiJobIsHeldUntilItsLeaseEndsClaimedOnceAndFinishedOnce) {
  const core::TimePoint lease_end = kNow + std::chrono::seconds(30);
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    const auto m1 = tx.append_message(this->message("m1", "where is my parcel?"));
    tx.insert_ai_job(AiJob{m1.id, "conv_1", "asst_1", lease_end, kNow});
    return true;
  }));
  EXPECT_TRUE(this->store_->begin_read()->due_ai_jobs(kNow, 10).empty()) << "held by the node answering";
  const auto due = this->store_->begin_read()->due_ai_jobs(lease_end, 10);
  ASSERT_EQ(due.size(), 1u) << "its node died";
  EXPECT_EQ(due[0].message_id, "m1");
  EXPECT_EQ(due[0].conversation_id, "conv_1");
  EXPECT_EQ(due[0].assistant_id, "asst_1");
  EXPECT_EQ(due[0].created_at, kNow);
  auto in_one_write = [&](auto step) {
    bool result = false;
    EXPECT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
      result = step(tx);
      return true;
    }));
    return result;
  };
  const auto later = lease_end + std::chrono::seconds(30);
  EXPECT_TRUE(in_one_write([&](WriteTxn& tx) { return tx.claim_ai_job("m1", lease_end, later); }));
  EXPECT_FALSE(in_one_write([&](WriteTxn& tx) { return tx.claim_ai_job("m1", lease_end, later); }));
  EXPECT_TRUE(in_one_write([&](WriteTxn& tx) { return tx.finish_ai_job("m1"); }));
  EXPECT_FALSE(in_one_write([&](WriteTxn& tx) { return tx.finish_ai_job("m1"); })) << "answered once";
  EXPECT_TRUE(this->store_->begin_read()->due_ai_jobs(later + std::chrono::hours(1), 10).empty());
}

TYPED_TEST(StoreConformance, AnOutboxTaskIsClaimedByOneAndFallsDueAgainWhenTheLeaseEnds) {
  const core::TimePoint lease_end = kNow + std::chrono::seconds(30);
  core::LineTask task;
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    const auto m1 = tx.append_message(this->message("m1", "one"));
    task.kind = core::LineTaskKind::message;
    task.assistant_id = "asst_1";
    task.conversation_id = "conv_1";
    task.user_id = "U1";
    task.subject_id = m1.id;
    task.retry_key = "key-1";
    task.next_attempt_at = task.created_at = task.updated_at = kNow;
    task = tx.insert_line_task(task);
    return true;
  }));
  auto claim = [&](core::TimePoint now) {
    bool taken = false;
    EXPECT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
      taken = tx.claim_line_task(task.id, now, now + std::chrono::seconds(30));
      return true;
    }));
    return taken;
  };
  EXPECT_TRUE(claim(kNow));
  EXPECT_FALSE(claim(kNow)) << "another node's claim, while the lease runs";
  EXPECT_TRUE(this->store_->begin_read()->due_line_tasks(kNow + std::chrono::seconds(29), 10).empty());
  EXPECT_EQ(this->store_->begin_read()->due_line_tasks(lease_end, 10).size(), 1u) << "its node died";
  EXPECT_TRUE(claim(lease_end));
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    auto sent = *tx.line_task(task.id);
    sent.state = core::DeliveryState::sent;
    tx.update_line_task(sent);
    return true;
  }));
  EXPECT_FALSE(claim(lease_end + std::chrono::hours(1))) << "sent: nothing to claim";
}

TYPED_TEST(StoreConformance, AFileKeepsEveryByteOfItsData) {
  // Bytes no text column would keep: NUL, 0xff, a PNG's line-ending checks.
  constexpr char kBytes[] = "\x00\x01\xff\xfe PNG \r\n\x1a\n\x00 end";
  const std::string bytes(kBytes, sizeof kBytes - 1);
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    auto message = tx.append_message(this->message("m1", "[Photo]"));
    core::Attachment attachment{"att_1",     "conv_1", message.id, core::AttachmentKind::image,     "700001",
                                "photo.png", "",       0,          core::AttachmentStatus::pending, kNow};
    tx.insert_attachment(attachment);
    return true;
  }));
  EXPECT_FALSE(this->store_->begin_read()->attachment_data("att_1").has_value()) << "pending: no data yet";
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    auto attachment = *tx.attachment("att_1");
    attachment.status = core::AttachmentStatus::ready;
    attachment.content_type = "image/png";
    attachment.size = static_cast<std::int64_t>(bytes.size());
    tx.update_attachment(attachment, bytes);
    return true;
  }));
  auto read = this->store_->begin_read();
  EXPECT_EQ(read->attachment_data("att_1"), std::optional(bytes));
  const auto attachment = read->attachment("att_1");
  ASSERT_TRUE(attachment.has_value());
  EXPECT_EQ(attachment->message_id, "m1");
  EXPECT_EQ(attachment->content_type, "image/png");
  EXPECT_EQ(read->message("m1")->attachment->file_name, "photo.png");
}

TYPED_TEST(StoreConformance, AnUploadedFileKeepsItsPreviewAndPixelsUntilItExpires) {
  const std::string data("\x89PNG\r\n\x1a\n\x00 original", 18);
  const std::string preview("\xff\xd8\xff preview", 12);
  auto stored_at = [](int minutes) { return kNow + std::chrono::minutes(minutes); };
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    for (int i = 1; i <= 2; ++i) {
      const auto id = "m" + std::to_string(i);
      auto message = tx.append_message(this->message(id, ""));
      core::Attachment a{"att_" + std::to_string(i),
                         "conv_1",
                         message.id,
                         core::AttachmentKind::image,
                         "upload",
                         "p.png",
                         "image/png",
                         18,
                         core::AttachmentStatus::ready,
                         stored_at(i)};
      a.width = 2500;
      a.height = 843;
      a.preview_type = i == 1 ? "image/jpeg" : "";
      tx.insert_attachment(a);
      tx.store_attachment_data(a.id, data, i == 1 ? preview : "");
    }
    return true;
  }));
  {
    auto read = this->store_->begin_read();
    EXPECT_EQ(read->attachment_data("att_1"), std::optional(data));
    EXPECT_EQ(read->attachment_data("att_1", true), std::optional(preview));
    EXPECT_FALSE(read->attachment_data("att_2", true).has_value()) << "no preview stored";
    const auto attachment = read->message("m1")->attachment;
    ASSERT_TRUE(attachment.has_value());
    EXPECT_EQ(attachment->width, 2500);
    EXPECT_EQ(attachment->height, 843);
    EXPECT_EQ(attachment->preview_type, "image/jpeg");
    EXPECT_EQ(read->attachment("att_1")->preview_type, "image/jpeg");
  }
  std::vector<core::Attachment> expired;
  ASSERT_TRUE(write(*this->store_, [&](WriteTxn& tx) {
    expired = tx.expire_attachments(stored_at(2), 10);  // only the one stored before
    return true;
  }));
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].id, "att_1");
  auto read = this->store_->begin_read();
  EXPECT_EQ(read->attachment("att_1")->status, core::AttachmentStatus::expired);
  EXPECT_FALSE(read->attachment_data("att_1").has_value());
  EXPECT_FALSE(read->attachment_data("att_1", true).has_value());
  EXPECT_EQ(read->attachment_data("att_2"), std::optional(data)) << "newer than the cut: kept";
}

TYPED_TEST(StoreConformance, DataSurvivesReopening) {
  write(*this->store_, [this](WriteTxn& tx) {
    tx.append_message(this->message("m1", "persisted"));
    return true;
  });
  this->store_.reset();
  this->store_ = this->stores_.open();
  EXPECT_EQ(this->store_->begin_read()->messages("conv_1", 0, 10).at(0).text, "persisted");
}

}  // namespace
}  // namespace baton::store
