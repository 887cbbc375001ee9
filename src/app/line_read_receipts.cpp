#include "app/line_read_receipts.hpp"

namespace baton::app {

std::string_view name_of(ReadReceipt receipt) {
  switch (receipt) {
    case ReadReceipt::queued:
      return "queued";
    case ReadReceipt::nothing_new:
      return "nothing_new";
    case ReadReceipt::not_held:
      return "not_held";
  }
  return "nothing_new";
}

asio::awaitable<core::Result<ReadReceipt>> LineReadReceipts::conversation_read(const Principal& reader,
                                                                               core::Id conversation_id) {
  auto apply = [this, reader_id = reader.agent.id,
                conversation_id = std::move(conversation_id)](store::WriteTxn& txn) -> core::Result<ReadReceipt> {
    // The conversation first (its row lock), then the contact: the global lock order.
    auto conversation = txn.conversation(conversation_id);
    if (!conversation) return core::fail(core::ErrorCode::not_found, "no such conversation");
    if (conversation->channel != core::Channel::line) return ReadReceipt::nothing_new;
    // The token stays while the chat is not held: a receipt goes once an agent holding it reads.
    if (conversation->status != core::Status::live || conversation->assigned_agent_id != reader_id) {
      return ReadReceipt::not_held;
    }
    auto contact = txn.line_contact_of(conversation_id);
    if (!contact || !contact->read_token) return ReadReceipt::nothing_new;
    // Taken from the contact in the same transaction: a second read (another tab, another node)
    // finds nothing left to mark.
    auto token = std::exchange(contact->read_token, std::nullopt);
    txn.upsert_line_contact(*contact);
    outbox_.mark_read(txn, *contact, std::move(*token));
    return ReadReceipt::queued;
  };
  co_return co_await commit<ReadReceipt>(store_, std::move(apply));
}

}  // namespace baton::app
