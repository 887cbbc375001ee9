#include "app_fixture.hpp"

#include <stdexcept>
#include <utility>

#include "app/ids.hpp"

namespace baton::app::testing {

ai::Reply ScriptedResponder::respond(const ai::Question& question) {
  std::unique_lock lock(mutex_);
  questions_.emplace_back(question.text);
  changed_.notify_all();
  changed_.wait(lock, [this] { return !held_; });
  if (std::exchange(fail_next_, false)) throw std::runtime_error("the search index is corrupt");
  if (script_.empty()) return ai::Reply{ai::ReplyKind::fallback, "I am not sure about that.", std::nullopt, 0};
  auto reply = std::move(script_.front());
  script_.pop_front();
  return reply;
}

void ScriptedResponder::script(ai::Reply reply) {
  std::lock_guard lock(mutex_);
  script_.push_back(std::move(reply));
}

void ScriptedResponder::fail_next() {
  std::lock_guard lock(mutex_);
  fail_next_ = true;
}

void ScriptedResponder::hold() {
  std::lock_guard lock(mutex_);
  held_ = true;
}

void ScriptedResponder::release() {
  std::lock_guard lock(mutex_);
  held_ = false;
  changed_.notify_all();
}

bool ScriptedResponder::wait_for_questions(std::size_t count, std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, limit, [&] { return questions_.size() >= count; });
}

std::vector<std::string> ScriptedResponder::questions() const {
  std::lock_guard lock(mutex_);
  return questions_;
}

BusRecorder::BusRecorder(bus::EventBus& bus, const std::string& topic)
    : subscription_(bus.subscribe(topic, [this](const bus::Event& event) {
        std::lock_guard lock(mutex_);
        events_.push_back(event);
        arrived_.notify_all();
      })) {}

std::size_t BusRecorder::count_locked(const std::string& type) const {
  std::size_t count = 0;
  for (const auto& event : events_) count += event.type == type ? 1 : 0;
  return count;
}

bool BusRecorder::wait_for(const std::string& type, std::size_t count, std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, limit, [&] { return count_locked(type) >= count; });
}

std::vector<std::string> BusRecorder::payloads(const std::string& type) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> found;
  for (const auto& event : events_) {
    if (event.type == type) found.push_back(*event.payload);
  }
  return found;
}

AppTest::AppTest() {
  steps_.on_queue_changed([this](const QueueChange& change) { assigner_.queue_changed(change); });
  presence_.on_agent_available([this](const core::Id&) { assigner_.kick_all(); });
}

void AppTest::set_routing(core::Assistant& assistant, core::RoutingSettings routing) {
  assistant.routing = routing;
  EXPECT_TRUE(store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
    txn.update_assistant(assistant);
    return true;
  }));
  presence_.update_assistant(assistant);
  assigner_.kick_all();
  settle();
}

void AppTest::set_capacity(const core::Agent& agent, std::optional<int> max_concurrent,
                           std::vector<core::Id> assistant_ids) {
  auto changed = agent;
  changed.max_concurrent = max_concurrent;
  changed.assistant_ids = std::move(assistant_ids);
  EXPECT_TRUE(store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
    txn.update_agent(changed);
    return true;
  }));
  presence_.update_agent(changed);
  assigner_.kick_all();
  settle();
}

void AppTest::settle() {
  // The writer runs jobs in order: a no-op job done means every pass queued before it is done;
  // a pass that found more to do queues one more, hence a few rounds.
  for (int round = 0; round < 4; ++round) store::commit_and_wait(store_, [](store::WriteTxn&) { return true; });
}

core::Id AppTest::handoff(const core::Assistant& assistant, const std::string& address) {
  const auto visitor = new_visitor(assistant, address);
  auto asked = run(conversations_.customer_handoff(visitor, address));
  EXPECT_TRUE(asked.has_value());
  settle();
  return visitor.conversation_id;
}

AppTest::~AppTest() {
  assigner_.stop();
  responder_.release();
  pool_.join();
  // Jobs commit in order: once this one is durable, every reply the AI submitted is too, and
  // nothing is left to call into the services being destroyed.
  store::commit_and_wait(store_, [](store::WriteTxn&) { return true; });
}

core::Assistant AppTest::add_assistant(bool live_agent_enabled) {
  core::Assistant assistant{new_id("asst"),        "Shop",       "Hi!",        live_agent_enabled,
                            "Leave us a message.", clock_.now(), clock_.now(), {}};
  EXPECT_TRUE(store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
    txn.insert_assistant(assistant);
    return true;
  }));
  presence_.update_assistant(assistant);
  return assistant;
}

core::Agent AppTest::add_agent_on_duty() {
  const auto id = new_id("agent");
  core::Agent agent{id,
                    id + "@example.com",
                    "Agent " + id.substr(id.size() - 4),
                    core::Role::agent,
                    core::Presence::offline,
                    clock_.now(),
                    false};
  EXPECT_TRUE(store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
    txn.insert_agent(agent, "not-a-hash");
    return true;
  }));
  auto online = run(presence_.set_presence(id, core::Presence::online));
  EXPECT_TRUE(online.has_value());
  presence_.socket_opened(id);
  return online.value_or(agent);
}

VisitorIdentity AppTest::new_visitor(const core::Assistant& assistant, const std::string& address) {
  auto session = run(conversations_.start_session(assistant.id, std::nullopt, address));
  EXPECT_TRUE(session.has_value());
  auto visitor = run(conversations_.identify_visitor(session->visitor_token));
  EXPECT_TRUE(visitor.has_value());
  return *visitor;
}

core::Conversation AppTest::conversation(const core::Id& id) {
  auto found = store_.begin_read()->conversation(id);
  EXPECT_TRUE(found.has_value());
  return found.value_or(core::Conversation{});
}

std::vector<core::Message> AppTest::messages(const core::Id& conversation_id) {
  return store_.begin_read()->messages(conversation_id, 0, 1000);
}

}  // namespace baton::app::testing
