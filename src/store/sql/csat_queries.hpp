// The store queries for customer satisfaction surveys (team operations §4.8).
// Definitions of SqlReadTxn/SqlWriteTxn members, included once per store where the class
// templates are instantiated for that store's connection type.
#pragma once

#include "core/names.hpp"
#include "core/time.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_txn.hpp"

namespace baton::store::sql {
namespace detail {

inline constexpr std::string_view kSurveySelect =
    "SELECT id, conversation_id, episode_id, agent_id, channel, message_id, requested_at, expires_at, score, "
    "comment, submitted_at FROM csat_surveys ";

template <class Row>
core::CsatSurvey survey_from(const Row& row) {
  core::CsatSurvey survey;
  survey.id = row.text(0);
  survey.conversation_id = row.text(1);
  survey.episode_id = row.text(2);
  survey.agent_id = row.optional_text(3);
  survey.channel = must(core::parse_channel(row.text(4)), "channel");
  survey.message_id = row.text(5);
  survey.requested_at = time_at(row, 6);
  survey.expires_at = time_at(row, 7);
  if (const auto score = optional_count(row, 8)) survey.score = static_cast<int>(*score);
  survey.comment = row.optional_text(9);
  survey.submitted_at = optional_time_at(row, 10);
  return survey;
}

}  // namespace detail

template <class Db>
std::optional<core::CsatSurvey> SqlReadTxn<Db>::csat_survey(const core::Id& id) {
  auto row = this->db_.prepare(sql(detail::kSurveySelect, "WHERE id = ?", this->row_lock("csat_surveys")));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return detail::survey_from(row);
}

template <class Db>
std::optional<core::CsatSurvey> SqlReadTxn<Db>::csat_survey_of_episode(const core::Id& conversation_id,
                                                                       const core::Id& episode_id) {
  auto row = this->db_.prepare(sql(detail::kSurveySelect, "WHERE conversation_id = ? AND episode_id = ?", ""));
  row.bind(1, conversation_id).bind(2, episode_id);
  if (!row.step()) return std::nullopt;
  return detail::survey_from(row);
}

template <class Db>
void SqlWriteTxn<Db>::insert_csat_survey(const core::CsatSurvey& s) {
  this->db_
      .prepare(
          "INSERT INTO csat_surveys (id, conversation_id, episode_id, agent_id, channel, message_id, requested_at, "
          "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, s.id)
      .bind(2, s.conversation_id)
      .bind(3, s.episode_id)
      .bind(4, s.agent_id)
      .bind(5, core::name_of(s.channel))
      .bind(6, s.message_id)
      .bind(7, core::format_time(s.requested_at))
      .bind(8, core::format_time(s.expires_at))
      .run();
}

template <class Db>
bool SqlWriteTxn<Db>::rate_csat_survey(const core::CsatSurvey& rated) {
  auto update = this->db_.prepare(
      "UPDATE csat_surveys SET score = ?, comment = ?, submitted_at = ? WHERE id = ? AND score IS NULL "
      "RETURNING message_id");
  update.bind(1, optional_count_text(rated.score))
      .bind(2, rated.comment)
      .bind(3, optional_time_text(rated.submitted_at))
      .bind(4, rated.id);
  if (!update.step()) return false;
  const auto message_id = update.text(0);
  update.run();
  this->db_.prepare("UPDATE messages SET notice_csat_score = ?, notice_csat_comment = ? WHERE id = ?")
      .bind(1, optional_count_text(rated.score))
      .bind(2, rated.comment)
      .bind(3, message_id)
      .run();
  return true;
}

}  // namespace baton::store::sql
