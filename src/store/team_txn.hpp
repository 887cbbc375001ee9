// The agents' tools' part of a store transaction (team operations §4.5-4.8): internal notes and
// the mentions inbox, canned replies, the label catalog and the labels on conversations, and
// the customers' satisfaction surveys.
// ReadTxn and WriteTxn include it, so a note or a label change is written in the same
// transaction as the conversation it belongs to.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace baton::store {

class TeamReadTxn {
 public:
  virtual ~TeamReadTxn() = default;

  // The conversation's newest `limit` notes, oldest first; one note.
  virtual std::vector<core::Note> notes(const core::Id& conversation_id, int limit) = 0;
  virtual std::optional<core::Note> note(const core::Id& id) = 0;
  // The agent's mentions, newest first, at most `limit` (only those not read: `unread_only`).
  virtual std::vector<core::Mention> mentions_of(const core::Id& agent_id, bool unread_only, int limit) = 0;
  virtual std::optional<core::Mention> mention(const core::Id& id) = 0;

  // Every canned reply (unset), or those an assistant's conversations may use: its own and the
  // global ones. By shortcut.
  virtual std::vector<core::CannedReply> canned_replies(const std::optional<core::Id>& assistant_id) = 0;
  virtual std::optional<core::CannedReply> canned_reply(const core::Id& id) = 0;
  // The reply with this shortcut (compared by core::shortcut_key) in exactly this scope.
  virtual std::optional<core::CannedReply> canned_reply_by_shortcut(const std::optional<core::Id>& assistant_id,
                                                                    std::string_view shortcut) = 0;
  virtual int canned_reply_count() = 0;

  // The catalog, by name; the conversations carrying a label.
  virtual std::vector<core::Label> labels() = 0;
  virtual std::vector<core::Id> conversations_labelled(std::string_view name) = 0;

  // Satisfaction surveys (§4.8): one by id, the one asked about an episode (at most one).
  virtual std::optional<core::CsatSurvey> csat_survey(const core::Id& id) = 0;
  virtual std::optional<core::CsatSurvey> csat_survey_of_episode(const core::Id& conversation_id,
                                                                 const core::Id& episode_id) = 0;
};

class TeamWriteTxn : public virtual TeamReadTxn {
 public:
  // The note and one unread mention per agent it names (`mention_ids` in the order of
  // note.mentions).
  virtual void insert_note(const core::Note& note, const std::vector<core::Id>& mention_ids) = 0;
  // False when there is no such mention of that agent; reading twice keeps the first time.
  virtual bool mark_mention_read(const core::Id& agent_id, const core::Id& mention_id, core::TimePoint at) = 0;

  // A shortcut taken in the scope is refused (StoreError; on PostgreSQL a unique violation).
  virtual void insert_canned_reply(const core::CannedReply& reply) = 0;
  virtual void update_canned_reply(const core::CannedReply& reply) = 0;
  virtual bool delete_canned_reply(const core::Id& id) = 0;

  virtual void insert_label(const core::Label& label) = 0;
  // Locks the label against anyone applying it until this job ends (their foreign-key check
  // waits, then finds it gone); false when there is no such label. Taken before the carriers.
  virtual bool lock_label(std::string_view name) = 0;
  // Removes the label from the catalog, once no conversation carries it; false when it was gone.
  virtual bool delete_label(std::string_view name) = 0;
  // The conversation's labels, replacing those it had (the conversation's version moves on).
  virtual void set_conversation_labels(const core::Id& conversation_id, const std::vector<std::string>& labels) = 0;

  virtual void insert_csat_survey(const core::CsatSurvey& survey) = 0;
  // Stores the rating of a survey not yet rated, and shows it on the survey's notice (the
  // message's notice_csat_score); false when it was rated already.
  virtual bool rate_csat_survey(const core::CsatSurvey& rated) = 0;
};

}  // namespace baton::store
