#include "app/catch_up_sweep.hpp"

namespace baton::app {

CatchUpSweep::CatchUpSweep(store::Store& store, bus::EventBus& bus, bus::DeliveryTracker& delivered, ClockFn clock,
                           std::chrono::seconds window)
    : store_(store), replay_(bus, bus::Reach::node), delivered_(delivered), clock_(std::move(clock)), window_(window) {}

int CatchUpSweep::run_once() {
  const core::TimePoint since = clock_() - window_;
  store::ConversationFilter recent;
  recent.updated_after = since;
  recent.limit = kMaxConversations;
  auto txn = store_.begin_read();
  int replayed = 0;
  for (const auto& conversation : txn->conversations(recent)) {
    const auto mark = delivered_.mark(conversation.id);
    const bool messages_seen = mark && mark->seq;
    // No message of it seen here lately: its messages of the window, which no socket here has
    // had live.
    const std::int64_t after_seq =
        messages_seen ? *mark->seq : std::max<std::int64_t>(0, conversation.last_seq - kMaxMessages);
    if (conversation.last_seq > after_seq) {
      for (const auto& message : txn->messages(conversation.id, after_seq, kMaxMessages)) {
        if (!messages_seen && message.created_at <= since) continue;
        replay_.message_created(message);  // the tracker drops what was delivered meanwhile
        ++replayed;
      }
    }
    if (!mark || conversation.version > mark->version) {
      replay_.conversation_updated(conversation);
      ++replayed;
    }
  }
  delivered_.prune(2 * window_);
  return replayed;
}

}  // namespace baton::app
