// What LINE users do, as the webhook reports it (already parsed and verified by channels/line):
// each event is handled once (LINE redelivers), in order, all of one delivery in one write job,
// so the webhook answers 200 only once they are durable. The slow parts (the AI, fetching the
// profile or a photo, replying) happen after, from the outbox.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ai_replies.hpp"
#include "app/conversation_steps.hpp"
#include "app/line_outbox.hpp"
#include "app/rate_limiter.hpp"

namespace baton::app {

struct LineEvent {
  enum class Kind {
    text,        // the customer wrote
    media,       // a sticker, photo, video, audio, file or location: `text` is its placeholder
    follow,      // added the account as a friend (or unblocked it)
    unfollow,    // blocked the account
    live_agent,  // tapped Live Agent (a postback with action=live_agent)
    csat,        // answered a survey (a postback with action=csat&survey=ID&score=N)
  };
  Kind kind = Kind::text;
  std::string webhook_event_id;
  core::TimePoint timestamp;  // when it happened, as LINE says
  std::string user_id;
  std::optional<std::string> reply_token;
  // A message's markAsReadToken: sent back to LINE as a read receipt when an agent reads it.
  std::optional<std::string> mark_as_read_token;
  std::string text;
  // A photo, video, audio or file to fetch from LINE and show in the console.
  std::optional<core::AttachmentKind> attachment_kind;
  std::string source_id;  // LINE's message id
  std::string file_name;
  std::int64_t file_size = 0;
  // A survey's answer.
  core::Id survey_id;
  int score = 0;
};

struct LineReceipt {
  int handled = 0;
  int redeliveries = 0;  // already handled before: skipped
  int too_old = 0;       // older than the window of handled ids (core::line_event_too_old): refused
};

class LineInboundService {
 public:
  // `customer_rate` as for the widget: past it a message is kept but sets nothing off (LINE
  // cannot be told 429).
  LineInboundService(store::Store& store, ConversationSteps& steps, AiReplies& ai_replies, PresenceService& presence,
                     LineOutbox& outbox, ClockFn clock, core::RatePolicy customer_rate = {});

  asio::awaitable<core::Result<LineReceipt>> receive(core::Id assistant_id, std::vector<LineEvent> events);

  // Several nodes: a LINE customer's message rate counted once for the cluster (webhooks reach
  // any node). Set before serving.
  void share_limits(SharedLimits* shared) { customer_limiter_.share(shared, "line"); }

 private:
  // Inside the job: the event's contact (with a new conversation on first contact).
  core::LineContact contact_for(store::WriteTxn& txn, const core::Assistant& assistant, const LineEvent& event,
                                core::TimePoint now);
  // What is judged of an event before its write job: the rate count may wait on Redis, and the
  // handoff detector's CPU must not hold the store's writer.
  struct Judged {
    bool agents_available = false;
    bool within_rate = true;       // a text within the customer's rate
    bool asks_for_person = false;  // a text asking for a person (core::is_handoff_request)
  };
  core::Result<bool> handle(store::WriteTxn& txn, const core::Assistant& assistant, const LineEvent& event,
                            const Judged& judged, core::TimePoint now);

  store::Store& store_;
  ConversationSteps& steps_;
  AiReplies& ai_replies_;
  PresenceService& presence_;
  LineOutbox& outbox_;
  ClockFn clock_;
  RateLimiter customer_limiter_;
};

}  // namespace baton::app
