#include "app/visitor_presence.hpp"

#include <spdlog/spdlog.h>

#include <vector>

#include "app/ids.hpp"

namespace baton::app {
namespace {

// The writes are small and not awaited: a lost one only makes an e-mail more (or less) likely.
void submit(store::Store& store, std::function<void(store::WriteTxn&)> write) {
  store.submit(store::WriteJob{[write = std::move(write)](store::WriteTxn& txn) {
                                 write(txn);
                                 return true;
                               },
                               [](bool durable) {
                                 if (!durable) spdlog::warn("event=visitor_presence_write_failed");
                               }});
}

}  // namespace

std::string VisitorPresenceTracker::socket_opened(const core::Id& conversation_id,
                                                  const std::optional<std::string>& language) {
  auto socket_id = new_id("sock");
  {
    std::lock_guard lock(mutex_);
    open_here_.emplace(socket_id, OpenSocket{conversation_id, language});
  }
  submit(store_, [socket_id, conversation_id, language, at = clock_()](store::WriteTxn& txn) {
    txn.visitor_socket_opened(socket_id, conversation_id, at, language);
  });
  return socket_id;
}

void VisitorPresenceTracker::socket_closed(const std::string& socket_id) {
  OpenSocket socket;
  {
    std::lock_guard lock(mutex_);
    auto found = open_here_.find(socket_id);
    if (found == open_here_.end()) return;
    socket = std::move(found->second);
    open_here_.erase(found);
  }
  submit(store_, [socket_id, socket = std::move(socket), at = clock_()](store::WriteTxn& txn) {
    txn.visitor_socket_closed(socket_id, socket.conversation_id, at, socket.language);
  });
}

void VisitorPresenceTracker::refresh() {
  std::vector<std::string> open;
  {
    std::lock_guard lock(mutex_);
    open.reserve(open_here_.size());
    for (const auto& [socket_id, socket] : open_here_) open.push_back(socket_id);
  }
  if (open.empty()) return;
  submit(store_, [open = std::move(open), at = clock_()](store::WriteTxn& txn) { txn.visitor_sockets_seen(open, at); });
}

}  // namespace baton::app
