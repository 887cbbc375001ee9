// The AI's reply job runs on the blocking pool, where an escaping exception would end the whole
// process (Asio's thread_pool calls std::terminate): a responder that throws must cost one
// answer, nothing more.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

#include "app/conversation_service.hpp"
#include "bus/local_bus.hpp"
#include "core/time.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace baton::app {
namespace {
using namespace std::chrono_literals;

class ThrowingResponder : public ai::Responder {
 public:
  void load_knowledge(const core::Id&, const std::vector<core::KnowledgeEntry>&) override {}
  ai::Reply respond(const ai::Question&) override {
    asked.set_value();
    throw std::runtime_error("the search index is corrupt");
  }
  std::vector<ai::Match> rank(const core::Id&, std::string_view, int) override { return {}; }

  std::promise<void> asked;
};

TEST(AiReply, AThrowingResponderCostsOneAnswerNotTheProcess) {
  testing::TempDir dir;
  store::sqlite::SqliteStore store(dir.path());
  std::promise<bool> seeded;
  store.submit(store::WriteJob{[](store::WriteTxn& txn) {
                                 const auto now = core::now_ms();
                                 txn.insert_assistant(core::Assistant{"asst_1", "Shop", "Hi", false, "", now, now});
                                 return true;
                               },
                               [&](bool durable) { seeded.set_value(durable); }});
  ASSERT_TRUE(seeded.get_future().get());

  bus::LocalBus bus;
  EventPublisher events(bus);
  ClockFn clock = [] { return core::now_ms(); };
  PresenceService presence(store, events, clock);
  ThrowingResponder responder;
  LineOutbox outbox(clock);
  boost::asio::thread_pool pool(1);  // one thread: a job posted after the reply runs after it
  ConversationService conversations(store, pool, events, presence, responder, outbox, clock);

  boost::asio::io_context io;
  auto customer_writes = [&]() -> boost::asio::awaitable<bool> {
    auto session = co_await conversations.start_session("asst_1", std::nullopt, "127.0.0.1");
    if (!session) co_return false;
    auto visitor = co_await conversations.identify_visitor(session->visitor_token);
    if (!visitor) co_return false;
    auto sent = co_await conversations.customer_send(*visitor, "hello?", std::nullopt);
    co_return sent.has_value();
  };
  auto sent = boost::asio::co_spawn(io, customer_writes(), boost::asio::use_future);
  io.run();
  ASSERT_TRUE(sent.get());

  ASSERT_EQ(responder.asked.get_future().wait_for(10s), std::future_status::ready);
  // The pool is still alive after the throwing job: a job behind it runs.
  std::promise<void> after;
  boost::asio::post(pool, [&] { after.set_value(); });
  EXPECT_EQ(after.get_future().wait_for(10s), std::future_status::ready);
  pool.join();
}

}  // namespace
}  // namespace baton::app
