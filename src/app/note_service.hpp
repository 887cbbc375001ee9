// Internal notes and the mentions inbox (team operations §4.6). A note is a stream of its own
// beside the messages: it never takes a seq, never reaches a channel's outbox, and is published
// only to agents (note.created to every console, mention.created to each agent it names).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/async.hpp"
#include "app/event_publisher.hpp"
#include "app/presence_service.hpp"     // ClockFn
#include "core/conversation_rules.hpp"  // Actor
#include "core/notes.hpp"
#include "store/store.hpp"

namespace baton::app {

inline constexpr int kMaxNotesRead = 500;

// Stores `content` as a note of `conversation` by `author_id` (with `note_id`, made by the caller
// when another write refers to it) inside the caller's job, and publishes it after the commit.
core::Note store_note(store::WriteTxn& txn, EventPublisher& events, const core::Conversation& conversation,
                      const core::Id& author_id, core::NoteContent content, core::Id note_id, core::TimePoint now);

class NoteService {
 public:
  NoteService(store::Store& store, asio::thread_pool& pool, EventPublisher& events, ClockFn clock)
      : store_(store), pool_(pool), events_(events), clock_(std::move(clock)) {}

  // Any agent, on any conversation in any state. 400 for an empty or too long text or a mention
  // of nobody on the team; 404 for no such conversation.
  asio::awaitable<core::Result<core::Note>> add(core::Actor author, core::Id conversation_id, std::string text,
                                                std::vector<core::Id> mentions);
  // Oldest first.
  asio::awaitable<core::Result<std::vector<core::Note>>> list(core::Id conversation_id);
  // The agent's mentions inbox, newest first.
  asio::awaitable<core::Result<std::vector<core::Mention>>> mentions(core::Id agent_id, bool unread_only, int limit);
  // 404 when it is not one of the agent's mentions.
  asio::awaitable<core::Result<core::Mention>> mark_read(core::Id agent_id, core::Id mention_id);

 private:
  store::Store& store_;
  asio::thread_pool& pool_;
  EventPublisher& events_;
  ClockFn clock_;
};

}  // namespace baton::app
