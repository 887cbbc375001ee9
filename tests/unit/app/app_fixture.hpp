// The app layer in-process, for tests named after a behaviour: a real SQLite store in a temp
// directory, the local bus, a scripted responder, and a manual clock that the test moves, so a
// grace period, a rate limit or a backoff is tested without waiting real seconds.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "app/ai_replies.hpp"
#include "app/assigner.hpp"
#include "app/conversation_service.hpp"
#include "app/conversation_steps.hpp"
#include "app/requeue_sweep.hpp"
#include "bus/local_bus.hpp"
#include "store/commit_and_wait.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace baton::app::testing {

// Time that moves only when the test says so.
class ManualClock {
 public:
  core::TimePoint now() const {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void advance(std::chrono::milliseconds by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }
  ClockFn fn() {
    return [this] { return now(); };
  }

 private:
  mutable std::mutex mutex_;
  core::TimePoint now_{std::chrono::milliseconds(1'800'000'000'000)};  // 2027-01-15, a fixed day
};

// Answers from a script (a fallback once the script is empty) and remembers each question. While
// held, an answer waits for release(): the test acts in the moment the AI is thinking.
class ScriptedResponder : public ai::Responder {
 public:
  void load_knowledge(const core::Id&, const std::vector<core::KnowledgeEntry>&) override {}
  std::vector<ai::Match> rank(const core::Id&, std::string_view, int) override { return {}; }
  ai::Reply respond(const ai::Question& question) override;

  void script(ai::Reply reply);
  // The next question throws (a corrupt index, a bug in a responder).
  void fail_next();
  void hold();
  void release();
  // Waits (at most `limit`) until `count` questions have been asked.
  bool wait_for_questions(std::size_t count, std::chrono::milliseconds limit = std::chrono::seconds(10));
  std::vector<std::string> questions() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<ai::Reply> script_;
  std::vector<std::string> questions_;
  bool held_ = false;
  bool fail_next_ = false;
};

// Collects the events of one bus topic, and waits for one of a type.
class BusRecorder {
 public:
  BusRecorder(bus::EventBus& bus, const std::string& topic);
  // Waits (at most `limit`) until `count` events of `type` arrived.
  bool wait_for(const std::string& type, std::size_t count = 1,
                std::chrono::milliseconds limit = std::chrono::seconds(10));
  std::vector<std::string> payloads(const std::string& type) const;

 private:
  std::size_t count_locked(const std::string& type) const;

  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<bus::Event> events_;
  bus::Subscription subscription_;
};

class AppTest : public ::testing::Test {
 protected:
  AppTest();
  ~AppTest() override;

  // Runs a coroutine of the services to its end on a private io_context.
  template <class T>
  T run(asio::awaitable<T> work) {
    asio::io_context io;
    auto done = asio::co_spawn(io, std::move(work), asio::use_future);
    io.run();
    return done.get();
  }

  core::Assistant add_assistant(bool live_agent_enabled = true);
  // An agent set Online with one console socket open.
  core::Agent add_agent_on_duty();
  VisitorIdentity new_visitor(const core::Assistant& assistant, const std::string& address = "192.0.2.1");
  core::Conversation conversation(const core::Id& id);
  std::vector<core::Message> messages(const core::Id& conversation_id);

  baton::testing::TempDir dir_;
  store::sqlite::SqliteStore store_{dir_.path()};
  std::shared_ptr<bus::LocalBus> bus_ = std::make_shared<bus::LocalBus>();
  EventPublisher events_{*bus_};
  ManualClock clock_;
  PresenceService presence_{store_, events_, clock_.fn(), std::chrono::seconds(60)};
  ScriptedResponder responder_;
  asio::thread_pool pool_{2};
  ChannelDeliveries channels_;  // web only
  ConversationSteps steps_{events_, channels_, clock_.fn()};
  AiReplies ai_replies_{store_, pool_, events_, presence_, responder_, steps_, clock_.fn()};
  ConversationService conversations_{store_,      pool_,     events_,     presence_, steps_,
                                     ai_replies_, channels_, clock_.fn(), {5, 1},    {30, 10, 5}};
  // Routing, wired as main wires it (see AppTest()).
  Assigner assigner_{store_, presence_, steps_, clock_.fn()};
  RequeueSweep requeue_{store_, presence_, steps_, clock_.fn()};

  // Routing helpers: an assistant's settings, an agent's capacity and membership (stored and
  // told to presence as the services do), and waiting until the passes they set off are done.
  void set_routing(core::Assistant& assistant, core::RoutingSettings routing);
  void set_capacity(const core::Agent& agent, std::optional<int> max_concurrent,
                    std::vector<core::Id> assistant_ids = {});
  void settle();
  // A visitor of `assistant` asking for a person (the handoff button).
  core::Id handoff(const core::Assistant& assistant, const std::string& address = "192.0.2.1");
  core::Actor actor(const core::Agent& agent) const { return core::Actor{agent.id, agent.role}; }
};

}  // namespace baton::app::testing
