// Canned replies (team operations §4.5): shared answers agents insert with a `/shortcut`, global
// or for one assistant. Any agent may create, edit and delete them; who last changed one is kept.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/async.hpp"
#include "app/presence_service.hpp"  // ClockFn
#include "core/canned_replies.hpp"
#include "core/conversation_rules.hpp"  // Actor
#include "store/store.hpp"

namespace baton::app {

inline constexpr int kMaxCannedReplies = 2000;

struct CannedReplyInput {
  std::optional<core::Id> assistant_id;  // unset: every assistant's
  std::string shortcut;
  std::string text;
};

struct CannedReplyQuery {
  std::string q;
  std::optional<core::Id> assistant_id;     // its own and the global ones
  std::optional<core::Id> conversation_id;  // its assistant's, each rendered for it
  int limit = 50;                           // the best this many, after ranking
};

// A canned reply, with its text rendered for a conversation when one was named.
struct CannedReplyView {
  core::CannedReply reply;
  std::optional<std::string> rendered;
};

class CannedReplyService {
 public:
  CannedReplyService(store::Store& store, asio::thread_pool& pool, ClockFn clock)
      : store_(store), pool_(pool), clock_(std::move(clock)) {}

  // 404 for a named assistant or conversation that does not exist.
  asio::awaitable<core::Result<std::vector<CannedReplyView>>> search(core::Actor agent, CannedReplyQuery query);
  // 400 invalid_field (shortcut, text, unknown variable, no such assistant), 409 already_exists
  // for a shortcut taken in the same scope.
  asio::awaitable<core::Result<core::CannedReply>> create(core::Actor agent, CannedReplyInput input);
  asio::awaitable<core::Result<core::CannedReply>> update(core::Actor agent, core::Id id, CannedReplyInput input);
  asio::awaitable<core::Result<bool>> remove(core::Actor agent, core::Id id);

 private:
  // The input as stored, or why not (checked again in the job against the stored rows).
  static core::Result<CannedReplyInput> validate(const CannedReplyInput& input);
  static std::optional<core::Error> conflict(store::WriteTxn& txn, const core::CannedReply& reply);

  store::Store& store_;
  asio::thread_pool& pool_;
  ClockFn clock_;
};

}  // namespace baton::app
