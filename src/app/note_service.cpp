#include "app/note_service.hpp"

#include "app/ids.hpp"

namespace baton::app {

core::Note store_note(store::WriteTxn& txn, EventPublisher& events, const core::Conversation& conversation,
                      const core::Id& author_id, core::NoteContent content, core::Id note_id, core::TimePoint now) {
  core::Note note;
  note.id = std::move(note_id);
  note.conversation_id = conversation.id;
  note.agent_id = author_id;
  note.text = std::move(content.text);
  note.mentions = std::move(content.mentions);
  note.created_at = now;
  std::vector<core::Id> mention_ids;
  mention_ids.reserve(note.mentions.size());
  for (std::size_t i = 0; i < note.mentions.size(); ++i) mention_ids.push_back(new_id("men"));
  txn.insert_note(note, mention_ids);
  if (auto author = txn.agent(author_id)) note.agent_name = author->name;
  txn.after_commit([&events, note, mention_ids, conversation] {
    events.note_created(note);
    for (std::size_t i = 0; i < mention_ids.size(); ++i) {
      events.mention_created(core::Mention{mention_ids[i], note.mentions[i], note, std::nullopt, note.created_at},
                             conversation);
    }
  });
  return note;
}

asio::awaitable<core::Result<core::Note>> NoteService::add(core::Actor author, core::Id conversation_id,
                                                           std::string text, std::vector<core::Id> mentions) {
  auto apply = [this, author, conversation_id, text = std::move(text),
                mentions = std::move(mentions)](store::WriteTxn& txn) -> core::Result<core::Note> {
    auto conversation = txn.conversation(conversation_id);
    if (!conversation) return core::fail(core::ErrorCode::not_found, "no such conversation");
    auto content = core::validate_note(text, mentions, author.agent_id, txn.agents());
    if (!content) return tl::unexpected(content.error());
    return store_note(txn, events_, *conversation, author.agent_id, std::move(*content), new_id("note"), clock_());
  };
  co_return co_await commit<core::Note>(store_, std::move(apply), store::conversation_lock(conversation_id));
}

asio::awaitable<core::Result<std::vector<core::Note>>> NoteService::list(core::Id conversation_id) {
  auto read_notes = [conversation_id](store::ReadTxn& txn) -> core::Result<std::vector<core::Note>> {
    if (!txn.conversation(conversation_id)) return core::fail(core::ErrorCode::not_found, "no such conversation");
    return txn.notes(conversation_id, kMaxNotesRead);
  };
  co_return co_await read(store_, pool_, std::move(read_notes));
}

asio::awaitable<core::Result<std::vector<core::Mention>>> NoteService::mentions(core::Id agent_id, bool unread_only,
                                                                                int limit) {
  auto read_mentions = [agent_id, unread_only, limit](store::ReadTxn& txn) -> core::Result<std::vector<core::Mention>> {
    return txn.mentions_of(agent_id, unread_only, limit);
  };
  co_return co_await read(store_, pool_, std::move(read_mentions));
}

asio::awaitable<core::Result<core::Mention>> NoteService::mark_read(core::Id agent_id, core::Id mention_id) {
  auto apply = [this, agent_id, mention_id](store::WriteTxn& txn) -> core::Result<core::Mention> {
    if (!txn.mark_mention_read(agent_id, mention_id, clock_())) {
      return core::fail(core::ErrorCode::not_found, "no such mention of yours");
    }
    return *txn.mention(mention_id);
  };
  co_return co_await commit<core::Mention>(store_, std::move(apply));
}

}  // namespace baton::app
