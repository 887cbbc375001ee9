#include "app/line_channel_delivery.hpp"

#include "app/async.hpp"

namespace baton::app {
namespace {

// LINE loading animations an agent's typing may cause: one per 10 s.
constexpr core::RatePolicy kLineTypingRate{1, 0.1};

}  // namespace

LineChannelDelivery::LineChannelDelivery(store::Store& store, boost::asio::thread_pool& pool, LineOutbox& outbox,
                                         ClockFn clock)
    : store_(store), pool_(pool), outbox_(outbox), typing_limiter_(kLineTypingRate, std::move(clock)) {}

void LineChannelDelivery::on_stored(store::WriteTxn& txn, const core::Conversation& conversation,
                                    core::Message& message) {
  // A customer on LINE has no socket: what they should see goes out through the outbox.
  if (core::reaches_line_customer(message)) outbox_.deliver(txn, conversation, message);
}

boost::asio::awaitable<void> LineChannelDelivery::on_agent_typing(const core::Conversation& conversation) {
  if (!typing_limiter_.allow(conversation.id)) co_return;
  auto query = [conversation_id = conversation.id](store::ReadTxn& txn) {
    return txn.line_contact_of(conversation_id);
  };
  auto contact = co_await read(store_, pool_, std::move(query));
  if (contact && contact->following) outbox_.show_loading(*contact);
}

}  // namespace baton::app
