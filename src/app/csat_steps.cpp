// The satisfaction survey's steps of ConversationSteps (team operations §4.8): asked in the
// write job of an agent's Done, rated in the write job of the customer's answer.
#include <algorithm>
#include <boost/json.hpp>

#include "app/conversation_steps.hpp"
#include "app/ids.hpp"
#include "core/notices.hpp"

namespace baton::app {
namespace {

bool agent_answered(const std::vector<core::ConversationEvent>& episode) {
  return std::any_of(episode.begin(), episode.end(), [](const core::ConversationEvent& event) {
    return event.type == core::LogEventType::agent_message_first;
  });
}

core::Error no_survey() { return core::Error{core::ErrorCode::not_found, "no such survey in this conversation"}; }

}  // namespace

void ConversationSteps::request_survey(store::WriteTxn& txn, const core::Conversation& conversation,
                                       const core::Assistant& assistant) {
  // The Done just recorded is the log's latest event; its episode is the one asked about.
  const auto done = txn.last_conversation_event(conversation.id);
  if (!done || done->type != core::LogEventType::done || done->episode_id.empty()) return;
  const auto episode = txn.episode_events(conversation.id, done->episode_id);
  if (!core::survey_due(assistant.csat, true, agent_answered(episode))) return;
  if (txn.csat_survey_of_episode(conversation.id, done->episode_id)) return;

  core::CsatSurvey survey;
  survey.id = new_id("csat");
  survey.conversation_id = conversation.id;
  survey.episode_id = done->episode_id;
  survey.agent_id = done->actor_id;  // credited to the agent who pressed Done
  survey.channel = conversation.channel;
  survey.requested_at = clock_();
  survey.expires_at = survey.requested_at + core::kSurveyLifetime;

  auto details = core::notice_details(core::SystemEvent::csat_requested, assistant, survey.requested_at);
  details.survey_id = survey.id;
  const auto notice =
      announce_with(txn, conversation, assistant, core::SystemEvent::csat_requested, std::move(details), std::nullopt);
  survey.message_id = notice.id;
  txn.insert_csat_survey(survey);

  core::LogEvent requested{core::LogEventType::csat_requested, core::ActorType::system};
  requested.survey_id = survey.id;
  requested.agent_id = survey.agent_id;
  log_.record(txn, conversation, requested, assistant.business_hours);
}

core::Result<core::CsatSurvey> ConversationSteps::rate_survey(store::WriteTxn& txn, const core::Id& conversation_id,
                                                              const core::Id& survey_id, const core::Rating& rating) {
  const auto survey = txn.csat_survey(survey_id);
  if (!survey || survey->conversation_id != conversation_id) return tl::unexpected(no_survey());
  auto rated = core::rate(*survey, rating, clock_());
  if (!rated) return rated;
  if (!txn.rate_csat_survey(*rated)) {
    return core::fail(core::ErrorCode::already_rated, "this survey has already been answered");
  }
  const auto conversation = txn.conversation(conversation_id);
  const auto assistant = conversation ? txn.assistant(conversation->assistant_id) : std::nullopt;
  if (!conversation || !assistant) return tl::unexpected(no_survey());

  core::LogEvent submitted{core::LogEventType::csat_submitted, core::ActorType::customer};
  submitted.survey_id = rated->id;
  submitted.agent_id = rated->agent_id;
  submitted.score = *rated->score;
  submitted.rated_episode_id = rated->episode_id;
  log_.record(txn, *conversation, submitted, assistant->business_hours);

  auto notice = txn.message(rated->message_id);
  txn.after_commit([this, survey = *rated, notice = std::move(notice)] {
    events_.csat_submitted(survey);
    if (notice) events_.message_updated(*notice);
  });
  return rated;
}

}  // namespace baton::app
