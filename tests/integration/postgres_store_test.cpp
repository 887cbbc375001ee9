// The PostgreSQL store's foundations against a real server (a throwaway one on loopback, started
// by the test): the libpq layer's errors and values, the schema migrations that several nodes
// may run at once, and a node's health when its database goes away.
#include "store/postgres/postgres_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "store/commit_and_wait.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/migrate.hpp"
#include "support/api_client.hpp"
#include "support/postgres_server.hpp"
#include "support/server_process.hpp"

namespace baton::store::postgres {
namespace {

class Postgres : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::PostgresServer::installed()) GTEST_SKIP() << "PostgreSQL is not installed (make deps installs it)";
    url_ = testing::shared_postgres().create_database("baton_test");
  }

  std::string url_;
};

TEST_F(Postgres, MigrationsApplyOnceAndAgainIsANoOp) {
  Connection connection(url_);
  EXPECT_EQ(migrate(connection), static_cast<int>(schema_migrations().size()));
  EXPECT_EQ(migrate(connection), 0);
  EXPECT_EQ(connection.query("SELECT count(*) FROM conversations").integer(0, 0), 0);
  EXPECT_EQ(connection.query("SELECT max(version) FROM schema_migrations").integer(0, 0),
            schema_migrations().back().version);
}

TEST_F(Postgres, ThreeNodesMigratingOneEmptyDatabaseAtOnceApplyItOnce) {
  std::atomic<int> applied = 0;
  std::atomic<int> failed = 0;
  std::vector<std::thread> nodes;
  for (int node = 0; node < 3; ++node) {
    nodes.emplace_back([&] {
      try {
        Connection connection(url_);
        applied += migrate(connection);
      } catch (const StoreError&) {
        ++failed;
      }
    });
  }
  for (auto& node : nodes) node.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(applied, static_cast<int>(schema_migrations().size()));
  Connection connection(url_);
  EXPECT_EQ(connection.query("SELECT count(*) FROM schema_migrations").integer(0, 0),
            static_cast<std::int64_t>(schema_migrations().size()));
}

TEST_F(Postgres, ASchemaNewerThanThisBuildIsRefused) {
  Connection connection(url_);
  migrate(connection);
  connection.exec("INSERT INTO schema_migrations (version) VALUES (999)");
  try {
    migrate(connection);
    FAIL() << "a newer schema was accepted";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("newer than this Baton knows"), std::string::npos) << error.what();
  }
  // The lock was released: another node's migration does not wait forever.
  Connection other(url_);
  EXPECT_EQ(other.query("SELECT pg_try_advisory_lock(422541815662)").boolean(0, 0), true);
}

TEST_F(Postgres, ErrorsCarryTheirSqlstate) {
  Connection connection(url_);
  migrate(connection);
  const std::string insert =
      "INSERT INTO assistants (id, name, greeting, live_agent_enabled, offline_message, created_at, updated_at) "
      "VALUES ($1, 'Shop', 'Hi', true, '', now(), now())";
  connection.query(insert, {"asst_1"});
  try {
    connection.query(insert, {"asst_1"});
    FAIL() << "a duplicate key was accepted";
  } catch (const PgError& error) {
    EXPECT_TRUE(error.unique_violation()) << error.what();
    EXPECT_FALSE(error.retryable());
  }
  try {
    connection.exec("SELEKT 1");
    FAIL();
  } catch (const PgError& error) {
    EXPECT_EQ(error.sqlstate(), "42601");
  }
  EXPECT_THROW(Connection("postgresql://baton@127.0.0.1:1/none?connect_timeout=2"), PgError);
}

TEST_F(Postgres, ValuesRoundTripInTheFormsTheStoreUses) {
  Connection connection(url_);
  auto row = connection.query("SELECT $1::text, $2::text, $3::bigint, $4::timestamptz, $5::boolean",
                              {"林美玲 👋", std::nullopt, "-9007199254740993", "2026-12-06T22:17:59.123Z", "true"});
  ASSERT_EQ(row.rows(), 1);
  EXPECT_EQ(row.text(0, 0), "林美玲 👋");
  EXPECT_FALSE(row.optional_text(0, 1).has_value());
  EXPECT_EQ(row.integer(0, 2), -9007199254740993);
  EXPECT_EQ(row.text(0, 3), "2026-12-06 22:17:59.123+00") << "times come back in UTC, ISO order";
  EXPECT_TRUE(row.boolean(0, 4));
  EXPECT_THROW(row.integer(0, 0), StoreError);
}

// A statement that fails inside a job aborts PostgreSQL's transaction; a job that catches the
// error and asks to keep its changes must not be reported as stored (PostgreSQL answers that
// COMMIT with a rollback, not an error).
TEST_F(Postgres, AJobThatSwallowsAFailedStatementIsNotReportedAsStored) {
  PostgresStore store(url_, 1);
  const bool stored = commit_and_wait(store, [](WriteTxn& tx) {
    const core::TimePoint now{};
    tx.insert_assistant(core::Assistant{"asst_1", "Shop", "Hi", true, "", now, now});
    try {
      tx.insert_assistant(core::Assistant{"asst_1", "Shop", "Hi", true, "", now, now});  // duplicate key
    } catch (const StoreError&) {
      // swallowed: the transaction is aborted all the same
    }
    return true;
  });
  EXPECT_FALSE(stored);
  EXPECT_FALSE(store.begin_read()->assistant("asst_1").has_value()) << "nothing of the job is kept";
  Connection connection(url_);
  EXPECT_THROW(
      {
        connection.exec("BEGIN");
        EXPECT_THROW(connection.exec("SELEKT 1"), PgError);
        connection.commit();
      },
      PgError);
}

// Jobs that each lock two conversations, in the opposite of the sorted order, queued faster
// than four lanes commit them: the lanes group them, lock the declared rows first in one order,
// and so never deadlock (a deadlock would undo a group). An id needing escapes is declared too.
TEST_F(Postgres, GroupsLockTheirJobsRowsInOneOrderAndNeverDeadlock) {
  constexpr int kConversations = 6, kJobs = 600;
  PostgresStore store(url_, 4);
  ASSERT_TRUE(commit_and_wait(store, [](WriteTxn& tx) {
    const core::TimePoint now{};
    tx.insert_assistant(core::Assistant{"asst_1", "Shop", "Hi", true, "", now, now});
    for (int c = 0; c < kConversations; ++c) {
      core::Conversation conversation;
      conversation.id = "conv_" + std::to_string(c);
      conversation.assistant_id = "asst_1";
      conversation.contact = core::Contact{"ct_" + std::to_string(c), "Visitor", std::nullopt};
      tx.insert_conversation(conversation);
    }
    return true;
  }));
  std::vector<std::promise<bool>> outcomes(kJobs);
  for (int i = 0; i < kJobs; ++i) {
    const std::string first = "conv_" + std::to_string(i % kConversations);
    const std::string second = "conv_" + std::to_string((i * 7 + 1) % kConversations);
    auto locks = conversation_lock(first);
    locks.push_back(LockKey{LockKey::Table::conversation, second});
    locks.push_back(LockKey{LockKey::Table::conversation, "we\"ird\\id,{}"});
    store.submit(WriteJob{[first, second, i](WriteTxn& tx) {
                            // The larger id first: the order the group's pre-lock makes harmless.
                            for (const auto& id : {std::max(first, second), std::min(first, second)}) {
                              tx.conversation(id);
                              core::Message message;
                              message.id = "msg_" + std::to_string(i) + "_" + id;
                              message.conversation_id = id;
                              message.text = "x";
                              tx.append_message(message);
                            }
                            return true;
                          },
                          [&outcomes, i](bool durable) { outcomes[i].set_value(durable); }, std::move(locks)});
  }
  for (int i = 0; i < kJobs; ++i) ASSERT_TRUE(outcomes[i].get_future().get()) << "job " << i;
  const auto counts = store.group_counts();
  EXPECT_GT(counts.committed, 0u) << "the queued jobs were never grouped";
  EXPECT_EQ(counts.undone, 0u) << "a group was undone (a deadlock?)";
  auto read = store.begin_read();
  std::size_t stored = 0;
  for (int c = 0; c < kConversations; ++c) {
    const auto messages = read->messages("conv_" + std::to_string(c), 0, 10'000);
    for (std::size_t i = 0; i < messages.size(); ++i) ASSERT_EQ(messages[i].seq, std::int64_t(i + 1));
    stored += messages.size();
  }
  EXPECT_EQ(stored, std::size_t{2 * kJobs});  // i and 7i + 1 never meet modulo 6: two conversations each
}

}  // namespace
}  // namespace baton::store::postgres

namespace baton::testing {
namespace {

// /healthz answers for the store: a node whose PostgreSQL went away says so (503), so a load
// balancer sends its customers elsewhere.
TEST(PostgresHealth, HealthzSaysWhenTheDatabaseIsAway) {
  if (!PostgresServer::installed()) GTEST_SKIP() << "PostgreSQL is not installed (make deps installs it)";
  auto postgres = std::make_unique<PostgresServer>();  // its own server: this test stops it
  ServerProcess server({"--database", postgres->create_database("health")});
  HttpClient http(server.port());
  EXPECT_EQ(http.get("/healthz").status, 200);
  postgres.reset();
  auto away = http.get("/healthz");
  EXPECT_EQ(away.status, 503) << away.body;
  EXPECT_EQ(away.json().at("store"), "unreachable");
}

}  // namespace
}  // namespace baton::testing
