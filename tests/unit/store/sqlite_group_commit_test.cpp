// SQLite's own writer: concurrent jobs share a transaction (one fsync per group), which is what
// makes its throughput; each job still keeps or undoes its own changes (the conformance suite).
#include <gtest/gtest.h>

#include <future>
#include <vector>

#include "store/commit_and_wait.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace baton::store::sqlite {
namespace {

TEST(SqliteGroupCommit, ConcurrentJobsShareGroupCommits) {
  baton::testing::TempDir dir;
  SqliteStore store(dir.path());
  const core::TimePoint now{std::chrono::milliseconds{1'764'119'000'000}};
  ASSERT_TRUE(commit_and_wait(store, [&](WriteTxn& tx) {
    tx.insert_assistant(core::Assistant{"asst_1", "Shop", "Hi", true, "", now, now, {}});
    core::Conversation conversation;
    conversation.id = "conv_1";
    conversation.assistant_id = "asst_1";
    conversation.created_at = conversation.updated_at = now;
    tx.insert_conversation(conversation);
    return true;
  }));
  constexpr int kJobs = 500;
  std::vector<std::promise<bool>> promises(kJobs);
  std::vector<std::future<bool>> results;
  for (int i = 0; i < kJobs; ++i) {
    results.push_back(promises[i].get_future());
    store.submit(WriteJob{[i, now](WriteTxn& tx) {
                            core::Message message;
                            message.id = "m" + std::to_string(i);
                            message.conversation_id = "conv_1";
                            message.text = "x";
                            message.created_at = now;
                            tx.append_message(message);
                            return true;
                          },
                          [&promises, i](bool durable) { promises[i].set_value(durable); }});
  }
  for (auto& result : results) EXPECT_TRUE(result.get());
  EXPECT_GT(store.largest_group(), 1u);
  EXPECT_EQ(store.begin_read()->messages("conv_1", 0, 1000).size(), static_cast<std::size_t>(kJobs));
}

}  // namespace
}  // namespace baton::store::sqlite
