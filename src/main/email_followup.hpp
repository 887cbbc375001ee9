// The e-mail follow-up of offline web visitors (team operations §4.12), wired in one piece: the
// outbox that agents' messages feed, the widget sockets' presence, the resume links, and (with
// --smtp-url and --mail-from) the worker that sends through SMTP.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/email_delivery_service.hpp"
#include "app/email_outbox.hpp"
#include "app/resume_tokens.hpp"
#include "app/visitor_presence.hpp"
#include "channels/email/email_worker.hpp"
#include "main/server_options.hpp"

namespace baton::main {

class EmailFollowup {
 public:
  // Reads (or makes) the resume links' key; throws on a bad --smtp-url or --mail-from.
  EmailFollowup(const ServerOptions& options, store::Store& store, boost::asio::thread_pool& pool,
                app::EventPublisher& events, app::ClockFn clock);
  ~EmailFollowup();

  bool sending() const { return !options_.smtp_url.empty(); }  // --smtp-url given
  app::EmailOutbox& outbox() { return outbox_; }
  app::VisitorPresenceTracker& presence() { return presence_; }
  app::ResumeService& resume() { return resume_; }
  // Metrics hooks: the outbox's backlog (outbox_stats) and the tries by outcome (attempt_counts).
  app::EmailDeliveryService& delivery() { return delivery_; }

  // Starts sending (when configured); `listening_url` is the links' base without --public-url.
  void start(const std::string& listening_url);
  void stop();

 private:
  ServerOptions options_;
  app::ClockFn clock_;
  app::EmailOutbox outbox_;
  app::VisitorPresenceTracker presence_;
  app::ResumeService resume_;
  app::EmailDeliveryService delivery_;
  std::unique_ptr<channels::email::EmailWorker> worker_;
};

}  // namespace baton::main
