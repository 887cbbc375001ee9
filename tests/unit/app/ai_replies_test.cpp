// The AI's side of a conversation, in-process: when its reply is stored, when it stays silent,
// and when not knowing hands the customer to a person.
#include "app_fixture.hpp"
#include "store/commit_and_wait.hpp"

namespace baton::app::testing {
namespace {
using namespace std::chrono_literals;

class AiReplyRules : public AppTest {
 protected:
  std::size_t ai_messages(const core::Id& conversation_id) {
    std::size_t count = 0;
    for (const auto& message : messages(conversation_id)) count += message.sender == core::Sender::ai ? 1 : 0;
    return count;
  }
};

TEST_F(AiReplyRules, AnAnswerIsStoredAfterTheCustomersMessage) {
  const auto assistant = add_assistant();
  const auto visitor = new_visitor(assistant);
  responder_.script(ai::Reply{ai::ReplyKind::answer, "We ship to Malaysia.", "kb_1", 0.9});
  BusRecorder thread(*bus_, bus::topics::conversation(visitor.conversation_id));
  ASSERT_TRUE(run(conversations_.customer_send(visitor, "Do you ship to Malaysia?", std::nullopt)).has_value());
  ASSERT_TRUE(thread.wait_for("message.created", 2));
  const auto stored = messages(visitor.conversation_id);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].sender, core::Sender::ai);
  EXPECT_EQ(stored[1].text, "We ship to Malaysia.");
  EXPECT_EQ(stored[1].knowledge_id, std::optional<core::Id>("kb_1"));
  EXPECT_EQ(responder_.questions(), std::vector<std::string>{"Do you ship to Malaysia?"});
}

TEST_F(AiReplyRules, AnAnswerIsDurableWorkThatEndsWhenStored) {
  const auto assistant = add_assistant();
  const auto visitor = new_visitor(assistant);
  BusRecorder thread(*bus_, bus::topics::conversation(visitor.conversation_id));
  ASSERT_TRUE(run(conversations_.customer_send(visitor, "Do you ship to Malaysia?", std::nullopt)).has_value());
  ASSERT_TRUE(thread.wait_for("message.created", 2));
  // The job's end is committed with the answer, before its event.
  EXPECT_TRUE(store_.begin_read()->due_ai_jobs(clock_.now() + std::chrono::hours(1), 10).empty());
  EXPECT_EQ(ai_replies_.resume_due(), 0);
}

TEST_F(AiReplyRules, AnAnswerWhoseNodeDiedIsGivenWhenItsLeaseEndsAndATooLateOneIsDropped) {
  const auto assistant = add_assistant();
  const auto visitor = new_visitor(assistant);
  // As a node that died after storing the customer's message: the message and its job, no answer.
  auto left_behind = [&](const std::string& text) {
    core::Message message;
    EXPECT_TRUE(store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
      auto conversation = *txn.conversation(visitor.conversation_id);
      message =
          steps_.append(txn, conversation, steps_.new_message(visitor.conversation_id, core::Sender::customer, text));
      txn.insert_ai_job(store::AiJob{message.id, visitor.conversation_id, assistant.id,
                                     clock_.now() + std::chrono::seconds(30), clock_.now()});
      return true;
    }));
    return message;
  };
  left_behind("Is the blue one in stock?");
  EXPECT_EQ(ai_replies_.resume_due(), 0) << "its node may still be answering";
  clock_.advance(30s);
  responder_.script(ai::Reply{ai::ReplyKind::answer, "Yes, 12 left.", "kb_3", 0.9});
  BusRecorder thread(*bus_, bus::topics::conversation(visitor.conversation_id));
  EXPECT_EQ(ai_replies_.resume_due(), 1);
  ASSERT_TRUE(thread.wait_for("message.created"));
  EXPECT_EQ(messages(visitor.conversation_id).back().text, "Yes, 12 left.");
  EXPECT_EQ(responder_.questions(), std::vector<std::string>{"Is the blue one in stock?"});

  left_behind("Hello?");
  clock_.advance(AiReplies::kWorthAnswering + 1s);
  EXPECT_EQ(ai_replies_.resume_due(), 0);
  EXPECT_EQ(messages(visitor.conversation_id).back().text, "Hello?") << "too late to answer";
  EXPECT_TRUE(store_.begin_read()->due_ai_jobs(clock_.now(), 10).empty()) << "and dropped";
}

TEST_F(AiReplyRules, TwoFallbacksInARowHandTheCustomerToAPerson) {
  const auto assistant = add_assistant(true);
  add_agent_on_duty();
  const auto visitor = new_visitor(assistant);
  BusRecorder thread(*bus_, bus::topics::conversation(visitor.conversation_id));
  BusRecorder agents(*bus_, bus::topics::agents());

  ASSERT_TRUE(run(conversations_.customer_send(visitor, "What is the meaning of life?", std::nullopt)).has_value());
  ASSERT_TRUE(thread.wait_for("message.created", 2));  // the question and one fallback
  EXPECT_EQ(conversation(visitor.conversation_id).status, core::Status::ai) << "one fallback is not enough";

  ASSERT_TRUE(run(conversations_.customer_send(visitor, "And of everything?", std::nullopt)).has_value());
  ASSERT_TRUE(agents.wait_for("handoff.requested"));
  const auto after = conversation(visitor.conversation_id);
  EXPECT_EQ(after.status, core::Status::waiting);
  EXPECT_EQ(after.handoff_reason, core::HandoffReason::ai_fallback);
}

TEST_F(AiReplyRules, AFallbackAfterAnAnswerIsNotAStreak) {
  const auto assistant = add_assistant(true);
  add_agent_on_duty();
  const auto visitor = new_visitor(assistant);
  responder_.script(ai::Reply{ai::ReplyKind::fallback, "Not sure.", std::nullopt, 0});
  responder_.script(ai::Reply{ai::ReplyKind::answer, "Returns take 7 days.", "kb_2", 0.8});
  responder_.script(ai::Reply{ai::ReplyKind::fallback, "Not sure.", std::nullopt, 0});
  BusRecorder thread(*bus_, bus::topics::conversation(visitor.conversation_id));
  const std::vector<std::string> questions{"Hmm?", "How long do returns take?", "And the weather?"};
  for (std::size_t i = 0; i < questions.size(); ++i) {
    ASSERT_TRUE(run(conversations_.customer_send(visitor, questions[i], std::nullopt)).has_value());
    ASSERT_TRUE(thread.wait_for("message.created", 2 * (i + 1)));
  }
  EXPECT_EQ(conversation(visitor.conversation_id).status, core::Status::ai);
}

TEST_F(AiReplyRules, TheAiStaysSilentWhenAnAgentTookOverWhileItWasThinking) {
  const auto assistant = add_assistant(true);
  const auto agent = add_agent_on_duty();
  const auto visitor = new_visitor(assistant);
  responder_.script(ai::Reply{ai::ReplyKind::answer, "A late answer.", "kb_3", 0.9});
  responder_.hold();
  ASSERT_TRUE(run(conversations_.customer_send(visitor, "Anyone there?", std::nullopt)).has_value());
  ASSERT_TRUE(responder_.wait_for_questions(1));

  ASSERT_TRUE(run(conversations_.take_over(core::Actor{agent.id, agent.role}, visitor.conversation_id)).has_value());
  responder_.release();
  pool_.join();  // the reply job has run; its write is ordered before the fixture's last one
  store::commit_and_wait(store_, [](store::WriteTxn&) { return true; });

  EXPECT_EQ(ai_messages(visitor.conversation_id), 0u);
  EXPECT_EQ(conversation(visitor.conversation_id).status, core::Status::live);
}

// The reply job runs on the blocking pool, where an escaping exception would end the process
// (Asio's thread_pool calls std::terminate): a responder that throws costs one answer, nothing more.
TEST_F(AiReplyRules, AThrowingResponderCostsOneAnswerNotTheProcess) {
  const auto assistant = add_assistant(false);
  const auto visitor = new_visitor(assistant);
  BusRecorder thread(*bus_, bus::topics::conversation(visitor.conversation_id));
  responder_.fail_next();
  ASSERT_TRUE(run(conversations_.customer_send(visitor, "first", std::nullopt)).has_value());
  ASSERT_TRUE(responder_.wait_for_questions(1));

  responder_.script(ai::Reply{ai::ReplyKind::answer, "Second time lucky.", "kb_4", 0.9});
  ASSERT_TRUE(run(conversations_.customer_send(visitor, "second", std::nullopt)).has_value());
  ASSERT_TRUE(thread.wait_for("message.created", 3));  // two questions and one answer
  const auto stored = messages(visitor.conversation_id);
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[2].text, "Second time lucky.");
}

}  // namespace
}  // namespace baton::app::testing
