#include "app/email_delivery_service.hpp"

#include <spdlog/spdlog.h>

#include "app/visitor_presence.hpp"
#include "store/commit_and_wait.hpp"

namespace baton::app {
namespace {

constexpr int kMaxMessagesPerEmail = 50;

bool emailed(const core::Message& message) {
  return message.sender == core::Sender::agent && message.event == core::SystemEvent::none;
}

}  // namespace

EmailDeliveryService::EmailDeliveryService(store::Store& store, EventPublisher& events, ResumeService& resume,
                                           ClockFn clock, EmailDeliveryOptions options)
    : store_(store), events_(events), resume_(resume), clock_(std::move(clock)), options_(std::move(options)) {}

std::vector<store::EmailRow> EmailDeliveryService::due(int limit) {
  return store_.begin_read()->due_emails(clock_(), limit);
}

std::optional<core::TimePoint> EmailDeliveryService::next_due_after(core::TimePoint now) {
  return store_.begin_read()->next_email_after(now);
}

store::EmailOutboxStats EmailDeliveryService::outbox_stats() { return store_.begin_read()->email_outbox_stats(); }

EmailAttemptCounts EmailDeliveryService::attempt_counts() const {
  return EmailAttemptCounts{ok_.load(), retries_.load(), failures_.load()};
}

std::optional<EmailWork> EmailDeliveryService::take(const store::EmailRow& due_row) {
  std::optional<EmailWork> work;
  const auto now = clock_();
  // commit_and_wait waits for the job: it may refer to this frame.
  const bool stored = store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
    work.reset();  // a job may run again (a retried transaction)
    if (!txn.claim_email(due_row.id, now, now + options_.lease)) return true;
    // Read after the claim: a message that joined the row before it is in last_seq.
    auto row = txn.email(due_row.id);
    if (row) work = compose(txn, std::move(*row), now);
    return true;
  });
  if (!stored) return std::nullopt;
  return work;
}

std::optional<EmailWork> EmailDeliveryService::compose(store::WriteTxn& txn, store::EmailRow row, core::TimePoint now) {
  auto cancel = [&](const char* why) -> std::optional<EmailWork> {
    row.state = "cancelled";
    row.updated_at = now;
    txn.update_email(row);
    spdlog::info("event=email_cancelled email={} conversation={} reason={}", row.id, row.conversation_id, why);
    return std::nullopt;
  };
  auto conversation = txn.conversation(row.conversation_id);
  auto assistant = conversation ? txn.assistant(conversation->assistant_id) : std::nullopt;
  if (!conversation || !assistant) return cancel("gone");
  if (!assistant->email_followup) return cancel("switched_off");
  const auto presence = txn.visitor_presence(row.conversation_id, fresh_after(now));
  if (presence && visitor_on_socket(*presence)) return cancel("visitor_on_socket");
  std::vector<core::FollowupLine> lines;
  const auto count = static_cast<int>(std::min<std::int64_t>(row.last_seq - row.first_seq + 1, kMaxMessagesPerEmail));
  for (const auto& message : txn.messages(row.conversation_id, row.first_seq - 1, count)) {
    if (message.seq > row.last_seq || !emailed(message)) continue;
    // Connected after it: the socket sent it to the widget.
    if (presence && presence->last_seen_at >= message.created_at) continue;
    lines.push_back(core::FollowupLine{message.agent_name.value_or(""), message.text});
  }
  if (lines.empty()) return cancel("visitor_saw_them");
  const auto language = core::mail_language(presence ? presence->language : std::nullopt);
  const auto link = options_.public_url + "/r/" + resume_.issue(row.conversation_id, row.assistant_id);
  auto text = core::followup_text(language, assistant->name, lines, link);
  core::MailMessage mail{options_.mail_from,   row.to_address, std::move(text.subject),
                         std::move(text.body), row.mail_id,    now};
  return EmailWork{std::move(row), std::move(mail)};
}

void EmailDeliveryService::record(const EmailWork& work, const EmailSendResult& result) {
  const auto now = clock_();
  switch (result.outcome) {
    case core::SmtpOutcome::sent:
      ++ok_;
      break;
    case core::SmtpOutcome::retry:
      ++retries_;
      break;
    case core::SmtpOutcome::failed:
      ++failures_;
      break;
  }
  if (attempt_observer_) attempt_observer_(result.outcome);
  const bool stored = store::commit_and_wait(store_, [&](store::WriteTxn& txn) {
    auto row = txn.email(work.row.id);
    // Only while this node holds it (a lease that ran out may have passed it to another).
    if (!row || row->state != "sending") return true;
    ++row->attempts;
    row->updated_at = now;
    row->last_error = result.error;
    if (result.outcome == core::SmtpOutcome::sent) {
      row->state = "sent";
      row->last_error.clear();
    } else if (result.outcome == core::SmtpOutcome::retry && row->attempts < core::kMaxEmailAttempts) {
      row->state = "retry";
      row->next_attempt_at = now + core::email_retry_delay(row->attempts);
    } else {
      row->state = "failed";
    }
    txn.update_email(*row);
    spdlog::log(row->state == "sent" ? spdlog::level::info : spdlog::level::warn,
                "event=email_{} email={} conversation={} attempt={} error=\"{}\"", row->state, row->id,
                row->conversation_id, row->attempts, row->last_error);
    announce(txn, *row);
    return true;
  });
  if (!stored) spdlog::error("event=email_outbox_record_failed email={}", work.row.id);
}

void EmailDeliveryService::announce(store::WriteTxn& txn, const store::EmailRow& row) {
  // The messages as stored, with their e-mail delivery, once committed.
  std::vector<core::Message> updated;
  const auto count = static_cast<int>(row.last_seq - row.first_seq + 1);
  for (auto& message : txn.messages(row.conversation_id, row.first_seq - 1, count)) {
    if (message.seq <= row.last_seq && emailed(message)) updated.push_back(std::move(message));
  }
  txn.after_commit([this, updated = std::move(updated)] {
    for (const auto& message : updated) events_.message_updated(message);
  });
}

}  // namespace baton::app
