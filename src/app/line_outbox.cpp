#include "app/line_outbox.hpp"

#include "app/ids.hpp"

namespace baton::app {
namespace {

core::LineTask new_task(core::LineTaskKind kind, const core::LineContact& contact, core::TimePoint now) {
  core::LineTask task;
  task.kind = kind;
  task.assistant_id = contact.assistant_id;
  task.conversation_id = contact.conversation_id;
  task.user_id = contact.user_id;
  task.retry_key = new_uuid();
  task.next_attempt_at = task.created_at = task.updated_at = now;
  return task;
}

}  // namespace

void LineOutbox::deliver(store::WriteTxn& txn, const core::Conversation& conversation, core::Message& message) {
  auto contact = txn.line_contact_of(conversation.id);
  if (!contact) return;
  const auto now = clock_();
  auto task = new_task(core::LineTaskKind::message, *contact, now);
  task.subject_id = message.id;
  if (!contact->following) {
    // Kept as a failed delivery, so the agent sees that it never reached the customer.
    task.state = core::DeliveryState::failed;
    task.last_error = "the customer has blocked the LINE account";
  } else if (contact->reply_token && core::reply_token_fresh(contact->reply_token_at, now)) {
    // A reply token answers one request only: this message takes it.
    task.reply_token = std::exchange(contact->reply_token, std::nullopt);
    task.reply_token_at = std::exchange(contact->reply_token_at, std::nullopt);
    contact->updated_at = now;
    txn.upsert_line_contact(*contact);
  }
  // The customer's language is not known yet (their first message, or the profile gave none):
  // the message waits a little for the profile fetch, so that a notice is in one language.
  if (!contact->language) task.profile_wait_until = now + core::kProfileWait;
  txn.insert_line_task(task);
  message.delivery = core::Delivery{task.state, task.last_error};
  if (task.state == core::DeliveryState::pending) ring_after_commit(txn);
}

void LineOutbox::queue(store::WriteTxn& txn, core::LineTaskKind kind, const core::LineContact& contact,
                       std::optional<core::Id> subject_id) {
  auto task = new_task(kind, contact, clock_());
  task.subject_id = std::move(subject_id);
  txn.insert_line_task(task);
  ring_after_commit(txn);
}

void LineOutbox::mark_read(store::WriteTxn& txn, const core::LineContact& contact, std::string read_token) {
  auto task = new_task(core::LineTaskKind::mark_read, contact, clock_());
  task.read_token = std::move(read_token);
  txn.insert_line_task(task);
  ring_after_commit(txn);
}

void LineOutbox::show_loading(store::WriteTxn& txn, const core::LineContact& contact) {
  txn.after_commit([this, contact] { show_loading(contact); });
}

void LineOutbox::show_loading(const core::LineContact& contact) {
  std::lock_guard lock(wake_mutex_);
  if (show_loading_)
    show_loading_(LoadingRequest{contact.assistant_id, contact.conversation_id, contact.user_id, clock_()});
}

void LineOutbox::on_loading(std::function<void(LoadingRequest)> show) {
  std::lock_guard lock(wake_mutex_);
  show_loading_ = std::move(show);
}

void LineOutbox::on_queued(std::function<void()> wake) {
  std::lock_guard lock(wake_mutex_);
  wake_ = std::move(wake);
}

void LineOutbox::tell_other_nodes(std::function<void()> nudge) {
  std::lock_guard lock(wake_mutex_);
  nudge_ = std::move(nudge);
}

void LineOutbox::ring_after_commit(store::WriteTxn& txn) {
  txn.after_commit([this] {
    std::lock_guard lock(wake_mutex_);
    if (wake_) wake_();
    if (nudge_) nudge_();
  });
}

}  // namespace baton::app
