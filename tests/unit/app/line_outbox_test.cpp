// The LINE outbox on the manual clock: a message LINE cannot take now waits the time LINE asked
// for (Retry-After), and one that cannot be delivered within a day is given up, and the agents
// see it fail. No real second is waited.
#include "app/line_outbox.hpp"

#include "app/ids.hpp"
#include "app/line_channel_delivery.hpp"
#include "app/line_delivery_service.hpp"
#include "app_fixture.hpp"

namespace baton::app::testing {
namespace {
using namespace std::chrono_literals;

class LineOutboxRetries : public AppTest {
 protected:
  LineOutboxRetries() { channels_.add(core::Channel::line, line_delivery_); }

  // A LINE customer of a connected assistant, and an AI message to them in the outbox.
  core::Id message_to_line_customer() {
    const auto assistant = add_assistant();
    core::Conversation conversation;
    conversation.id = new_id("conv");
    conversation.assistant_id = assistant.id;
    conversation.channel = core::Channel::line;
    conversation.contact = core::Contact{new_id("contact"), "LINE user", std::nullopt, std::nullopt};
    conversation.created_at = conversation.updated_at = clock_.now();
    core::Message stored;
    EXPECT_TRUE(store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
      txn.upsert_line_channel(core::LineChannel{assistant.id, "secret", "token", clock_.now()});
      txn.insert_conversation(conversation);
      txn.upsert_line_contact(core::LineContact{assistant.id, "U1234", conversation.id, true, std::nullopt,
                                                std::nullopt, clock_.now(), clock_.now(), std::nullopt});
      stored = steps_.append(txn, conversation, steps_.new_message(conversation.id, core::Sender::ai, "Hello!"));
      return true;
    }));
    EXPECT_TRUE(stored.delivery.has_value() && stored.delivery->state == core::DeliveryState::pending);
    return stored.id;
  }

  LineOutbox outbox_{clock_.fn()};
  LineChannelDelivery line_delivery_{store_, pool_, outbox_, clock_.fn()};
  LineDeliveryService delivery_{store_, events_, clock_.fn()};
};

TEST_F(LineOutboxRetries, ABusyLineIsTriedAgainAfterTheWaitItAskedFor) {
  const auto message_id = message_to_line_customer();
  auto due = delivery_.due(10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].task.subject_id, std::optional<core::Id>(message_id));
  EXPECT_EQ(due[0].access_token, "token");
  const auto first_key = due[0].task.retry_key;

  LineCallResult busy;
  busy.outcome = core::LineCallOutcome::retry;
  busy.error = "429 Too Many Requests";
  busy.retry_after_seconds = 30;
  delivery_.record(due[0], busy);
  EXPECT_TRUE(delivery_.due(10).empty());
  const auto next = delivery_.next_due_after(clock_.now());
  ASSERT_TRUE(next.has_value());
  EXPECT_GE(*next - clock_.now(), 30s);

  clock_.advance(std::chrono::duration_cast<std::chrono::milliseconds>(*next - clock_.now()) - 1s);
  EXPECT_TRUE(delivery_.due(10).empty()) << "a second early";
  clock_.advance(2s);
  due = delivery_.due(10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].task.attempts, 1);
  EXPECT_EQ(due[0].task.retry_key, first_key) << "the same retry key every try (LINE drops a repeat)";
}

TEST_F(LineOutboxRetries, AMessageNotDeliveredWithinADayFailsAndTheAgentsSeeIt) {
  const auto message_id = message_to_line_customer();
  const auto start = clock_.now();
  BusRecorder agents(*bus_, bus::topics::agents());
  LineCallResult down;
  down.outcome = core::LineCallOutcome::retry;
  down.error = "no answer from LINE";
  for (int tries = 0; tries < 1000; ++tries) {
    auto due = delivery_.due(10);
    if (due.empty()) {
      const auto next = delivery_.next_due_after(clock_.now());
      if (!next) break;  // given up: nothing left to try
      clock_.advance(std::chrono::duration_cast<std::chrono::milliseconds>(*next - clock_.now()) + 1ms);
      continue;
    }
    delivery_.record(due[0], down);
  }
  EXPECT_TRUE(delivery_.due(10).empty());
  EXPECT_FALSE(delivery_.next_due_after(clock_.now()).has_value());
  EXPECT_GE(clock_.now() - start, 23h) << "given up only after the retry key's day";
  const auto message = store_.begin_read()->message(message_id);
  ASSERT_TRUE(message.has_value());
  ASSERT_TRUE(message->delivery.has_value());
  EXPECT_EQ(message->delivery->state, core::DeliveryState::failed);
  ASSERT_TRUE(agents.wait_for("message.updated"));
  EXPECT_NE(agents.payloads("message.updated").back().find("failed"), std::string::npos);
}

}  // namespace
}  // namespace baton::app::testing
