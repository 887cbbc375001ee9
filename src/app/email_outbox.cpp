#include "app/email_outbox.hpp"

#include "app/ids.hpp"
#include "core/email.hpp"

namespace baton::app {

std::chrono::milliseconds EmailOutbox::delay_of(const core::Assistant& assistant) const {
  if (options_.delay_override) return *options_.delay_override;
  return std::chrono::seconds(assistant.email_followup_delay_s);
}

void EmailOutbox::on_stored(store::WriteTxn& txn, const core::Conversation& conversation, core::Message& message) {
  // Only what an agent wrote to the customer: notes are another stream, AI answers and system
  // notices never go by e-mail.
  if (!options_.enabled || conversation.channel != core::Channel::web) return;
  if (message.sender != core::Sender::agent || message.event != core::SystemEvent::none) return;
  if (!conversation.contact.contact || !core::is_email_address(*conversation.contact.contact)) return;
  auto assistant = txn.assistant(conversation.assistant_id);
  if (!assistant || !assistant->email_followup) return;
  const auto now = clock_();
  const auto delay = delay_of(*assistant);
  if (auto pending = txn.pending_email(conversation.id)) {
    pending->last_seq = message.seq;
    pending->next_attempt_at = core::email_due_at(pending->created_at, now, delay);
    pending->updated_at = now;
    txn.update_email(*pending);
  } else {
    store::EmailRow row;
    row.conversation_id = conversation.id;
    row.assistant_id = conversation.assistant_id;
    row.to_address = *conversation.contact.contact;
    row.first_seq = row.last_seq = message.seq;
    row.next_attempt_at = now + delay;
    row.mail_id = new_uuid() + "@" + options_.mail_domain;
    row.created_at = row.updated_at = now;
    txn.insert_email(row);
  }
  txn.after_commit([this] {
    std::lock_guard lock(wake_mutex_);
    if (wake_) wake_();
  });
}

void EmailOutbox::on_queued(std::function<void()> wake) {
  std::lock_guard lock(wake_mutex_);
  wake_ = std::move(wake);
}

}  // namespace baton::app
