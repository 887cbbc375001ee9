// The e-mail outbox worker: one thread that wakes when an e-mail is queued or falls due, claims
// it (any node of a cluster may), and sends it through SMTP off every conversation's path. A
// node that dies holding one lets it fall due again when its lease ends; a restart simply finds
// the rows still due.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/email_delivery_service.hpp"
#include "app/email_outbox.hpp"
#include "channels/email/smtp_sender.hpp"

namespace baton::channels::email {

class EmailWorker {
 public:
  EmailWorker(app::EmailDeliveryService& service, app::EmailOutbox& outbox, SmtpSender sender, app::ClockFn clock);
  ~EmailWorker();

  void start();
  void stop();  // cuts a transfer short (its row falls due again) and waits for the thread
  void wake();

 private:
  void run();
  bool send_due();  // true when a full batch was due: more may be

  app::EmailDeliveryService& service_;
  app::EmailOutbox& outbox_;
  SmtpSender sender_;
  app::ClockFn clock_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool woken_ = false;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

}  // namespace baton::channels::email
