// Read receipts for LINE customers: when the agent holding a live LINE conversation reads it in
// the console, LINE is told (markAsRead) that the customer's messages were read, once per batch
// of unread messages, through the durable outbox. Never while the AI or nobody holds the chat:
// "read" on the customer's phone must mean a person read it.
#pragma once

#include "app/async.hpp"
#include "app/auth_service.hpp"
#include "app/line_outbox.hpp"

namespace baton::app {

enum class ReadReceipt {
  queued,       // a markAsRead call is on its way
  nothing_new,  // no unread customer message since the last receipt (or not a LINE chat)
  not_held,     // the AI holds the chat, or another agent, or nobody: no receipt
};

class LineReadReceipts {
 public:
  LineReadReceipts(store::Store& store, LineOutbox& outbox) : store_(store), outbox_(outbox) {}

  // `reader` has read the conversation up to its newest message. 404 for an unknown id.
  asio::awaitable<core::Result<ReadReceipt>> conversation_read(const Principal& reader, core::Id conversation_id);

 private:
  store::Store& store_;
  LineOutbox& outbox_;
};

std::string_view name_of(ReadReceipt receipt);

}  // namespace baton::app
