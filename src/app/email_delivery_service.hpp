// The bookkeeping of the e-mail outbox for its worker (channels/email): which e-mails are due,
// whether the visitor came back meanwhile (then none is sent), the message to send, and what a
// try's outcome changes (agents see each message's e-mail delivery). Blocking calls: the worker
// runs them on its own thread.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/event_publisher.hpp"
#include "app/presence_service.hpp"
#include "app/resume_tokens.hpp"
#include "core/email.hpp"
#include "store/store.hpp"

namespace baton::app {

struct EmailDeliveryOptions {
  std::string mail_from;           // --mail-from
  std::string public_url;          // the resume links' base, no trailing slash
  std::chrono::seconds lease{30};  // a claimed e-mail stays this node's this long
};

// An e-mail claimed for sending.
struct EmailWork {
  store::EmailRow row;
  core::MailMessage mail;
};

struct EmailSendResult {
  core::SmtpOutcome outcome = core::SmtpOutcome::sent;
  std::string error;  // the SMTP server's answer, or why there was none
};

// Tries by outcome since start, for /metrics (baton_email_attempts_total{outcome}).
struct EmailAttemptCounts {
  std::uint64_t ok = 0;
  std::uint64_t retry = 0;
  std::uint64_t failed = 0;
};

class EmailDeliveryService {
 public:
  EmailDeliveryService(store::Store& store, EventPublisher& events, ResumeService& resume, ClockFn clock,
                       EmailDeliveryOptions options);

  std::vector<store::EmailRow> due(int limit);
  // Claims the row for this node and looks again: when the visitor is on the socket, or saw
  // every message it holds, it is cancelled (nothing returned); else the e-mail of the messages
  // they have not seen. Nothing either when another node claimed it first.
  std::optional<EmailWork> take(const store::EmailRow& row);
  // Stores the try's outcome (sent; retry with backoff; failed with the server's text) and tells
  // the agents; returns once durable.
  void record(const EmailWork& work, const EmailSendResult& result);
  std::optional<core::TimePoint> next_due_after(core::TimePoint now);
  // Set before the worker starts (the listening address is known only then).
  void set_public_url(std::string url) { options_.public_url = std::move(url); }

  // Metrics hooks: the outbox's backlog as the store has it, and this node's tries so far.
  store::EmailOutboxStats outbox_stats();
  EmailAttemptCounts attempt_counts() const;
  // Told of each try's outcome as it is recorded (/metrics).
  void observe_attempts(std::function<void(core::SmtpOutcome)> observer) { attempt_observer_ = std::move(observer); }

 private:
  std::optional<EmailWork> compose(store::WriteTxn& txn, store::EmailRow row, core::TimePoint now);
  void announce(store::WriteTxn& txn, const store::EmailRow& row);

  store::Store& store_;
  EventPublisher& events_;
  ResumeService& resume_;
  ClockFn clock_;
  EmailDeliveryOptions options_;
  std::atomic<std::uint64_t> ok_ = 0;
  std::atomic<std::uint64_t> retries_ = 0;
  std::atomic<std::uint64_t> failures_ = 0;
  std::function<void(core::SmtpOutcome)> attempt_observer_;
};

}  // namespace baton::app
