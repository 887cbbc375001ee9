// Queues the e-mail follow-up of an agent's answer to a web visitor (team operations §4.12) in
// the same transaction as the message: when the conversation's contact is an e-mail address and
// its assistant has email_followup on, the message joins the conversation's pending e-mail (a
// burst makes one) or starts one, due after the assistant's delay. The worker (channels/email)
// decides at the due time whether the visitor came back (no e-mail) or not (sent).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "app/channel_delivery.hpp"
#include "app/presence_service.hpp"

namespace baton::app {

struct EmailFollowupOptions {
  bool enabled = false;                       // --smtp-url and --mail-from given
  std::string mail_domain = "baton.invalid";  // the Message-IDs' right-hand side (--mail-from's domain)
  // Tests only: replaces every assistant's delay (so a test need not wait 10 s).
  std::optional<std::chrono::milliseconds> delay_override;
};

class EmailOutbox : public ChannelDelivery {
 public:
  EmailOutbox(EmailFollowupOptions options, ClockFn clock) : options_(std::move(options)), clock_(std::move(clock)) {}

  void on_stored(store::WriteTxn& txn, const core::Conversation& conversation, core::Message& message) override;
  boost::asio::awaitable<void> on_agent_typing(const core::Conversation&) override { co_return; }

  // The worker's bell, rung after a commit that queued or moved an e-mail.
  void on_queued(std::function<void()> wake);
  std::chrono::milliseconds delay_of(const core::Assistant& assistant) const;

 private:
  EmailFollowupOptions options_;
  ClockFn clock_;
  std::mutex wake_mutex_;
  std::function<void()> wake_;
};

}  // namespace baton::app
