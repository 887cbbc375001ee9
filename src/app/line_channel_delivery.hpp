// LINE's side of a conversation's outgoing messages: what a LINE customer should see goes to the
// outbox in the same transaction; an agent's typing shows LINE's loading animation (the nearest
// thing LINE has), at most once per 10 s per conversation, since one animation lasts a while.
#pragma once

#include <boost/asio/thread_pool.hpp>

#include "app/channel_delivery.hpp"
#include "app/line_outbox.hpp"
#include "app/rate_limiter.hpp"

namespace baton::app {

class LineChannelDelivery : public ChannelDelivery {
 public:
  LineChannelDelivery(store::Store& store, boost::asio::thread_pool& pool, LineOutbox& outbox, ClockFn clock);

  void on_stored(store::WriteTxn& txn, const core::Conversation& conversation, core::Message& message) override;
  boost::asio::awaitable<void> on_agent_typing(const core::Conversation& conversation) override;

 private:
  store::Store& store_;
  boost::asio::thread_pool& pool_;
  LineOutbox& outbox_;
  RateLimiter typing_limiter_;
};

}  // namespace baton::app
