// Whether a web visitor is on their conversation's socket, recorded in the store so that any
// node's e-mail worker can tell (team operations §4.12): a socket's opening and closing, and
// every kVisitorSeenEvery while it stays open, move the conversation's last_seen_at. The widget
// sends no read receipts; a socket that (re)connects is sent everything after the last message
// it holds, so "connected at any time after a message" counts as having seen it.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "app/presence_service.hpp"
#include "store/store.hpp"

namespace baton::app {

inline constexpr auto kVisitorSeenEvery = std::chrono::seconds(20);
// A count of open sockets not refreshed for this long belongs to a node that died.
inline constexpr auto kVisitorPresenceStale = std::chrono::seconds(60);

class VisitorPresenceTracker {
 public:
  VisitorPresenceTracker(store::Store& store, ClockFn clock) : store_(store), clock_(std::move(clock)) {}

  // `language`: the widget's (zh-TW or en), kept for the e-mail. Answers the socket's id, for
  // socket_closed.
  std::string socket_opened(const core::Id& conversation_id, const std::optional<std::string>& language);
  void socket_closed(const std::string& socket_id);
  // Every kVisitorSeenEvery: the conversations with a socket open here are seen now.
  void refresh();

 private:
  store::Store& store_;
  ClockFn clock_;
  std::mutex mutex_;
  struct OpenSocket {
    core::Id conversation_id;
    std::optional<std::string> language;
  };
  std::unordered_map<std::string, OpenSocket> open_here_;  // by socket id
};

// Whether the visitor is on a socket now, as the store says (read with fresh_after(now)).
inline bool visitor_on_socket(const store::VisitorPresence& presence) { return presence.open_sockets > 0; }
// The cut-off for visitor_presence: an open socket not refreshed since belongs to a dead node.
inline core::TimePoint fresh_after(core::TimePoint now) { return now - kVisitorPresenceStale; }

}  // namespace baton::app
