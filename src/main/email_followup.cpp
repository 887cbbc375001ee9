#include "main/email_followup.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "core/email.hpp"

namespace baton::main {
namespace {

bool sending(const ServerOptions& options) { return !options.smtp_url.empty(); }

app::EmailFollowupOptions outbox_options(const ServerOptions& options) {
  if (sending(options)) {
    if (!options.smtp_url.starts_with("smtp://") && !options.smtp_url.starts_with("smtps://")) {
      throw std::runtime_error("--smtp-url takes smtp://USER:PASS@HOST:PORT or smtps://…");
    }
    if (!core::is_email_address(options.mail_from)) {
      throw std::runtime_error("--smtp-url needs --mail-from ADDRESS, the e-mails' sender");
    }
  }
  app::EmailFollowupOptions outbox;
  outbox.enabled = sending(options);
  if (const auto at = options.mail_from.find('@'); at != std::string::npos) {
    outbox.mail_domain = options.mail_from.substr(at + 1);
  }
  if (options.email_delay_ms > 0) outbox.delay_override = std::chrono::milliseconds(options.email_delay_ms);
  return outbox;
}

}  // namespace

EmailFollowup::EmailFollowup(const ServerOptions& options, store::Store& store, boost::asio::thread_pool& pool,
                             app::EventPublisher& events, app::ClockFn clock)
    : options_(options),
      clock_(clock),
      outbox_(outbox_options(options), clock),
      presence_(store, clock),
      resume_(store, pool, clock),
      delivery_(store, events, resume_, clock,
                app::EmailDeliveryOptions{options.mail_from, {}, std::chrono::seconds(options.lease_seconds)}) {
  resume_.load_key();
}

EmailFollowup::~EmailFollowup() { stop(); }

void EmailFollowup::start(const std::string& listening_url) {
  if (!sending()) return;
  delivery_.set_public_url(links_base(options_, listening_url));
  worker_ = std::make_unique<channels::email::EmailWorker>(
      delivery_, outbox_, channels::email::SmtpSender({options_.smtp_url, options_.mail_from}), clock_);
  worker_->start();  // also sends what a previous run left due
  spdlog::info("event=email_followup_started");
}

void EmailFollowup::stop() {
  if (worker_) worker_->stop();
}

}  // namespace baton::main
