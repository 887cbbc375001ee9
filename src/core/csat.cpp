#include "core/csat.hpp"

#include "core/fields.hpp"
#include "core/limits.hpp"
#include "core/text.hpp"

namespace baton::core {

bool survey_due(const CsatSettings& settings, bool agent_wants_survey, bool agent_answered_in_episode) {
  return settings.enabled && agent_wants_survey && agent_answered_in_episode;
}

Result<Rating> validate_rating(std::int64_t score, std::string_view comment) {
  if (score < kMinCsatScore || score > kMaxCsatScore) {
    return fail(ErrorCode::invalid_field, "score must be a whole number from 1 to 5");
  }
  Rating rating{static_cast<int>(score), std::nullopt};
  const auto trimmed = trim_text(comment);
  if (trimmed.empty()) return rating;
  const auto length = utf8_length(trimmed);
  if (length < 0 || static_cast<std::size_t>(length) > kMaxCsatCommentChars) {
    return fail(ErrorCode::invalid_field, "comment must be at most 1000 characters");
  }
  rating.comment = std::string(trimmed);
  return rating;
}

Result<CsatSurvey> rate(const CsatSurvey& survey, const Rating& rating, TimePoint now) {
  if (survey.score) return fail(ErrorCode::already_rated, "this survey has already been answered");
  if (now >= survey.expires_at) return fail(ErrorCode::survey_expired, "this survey has expired");
  auto rated = survey;
  rated.score = rating.score;
  rated.comment = rating.comment;
  rated.submitted_at = now;
  return rated;
}

Result<std::string> validate_csat_question(std::string_view question) {
  return validate_optional_text("csat_question", question, kMaxQuestionChars);
}

}  // namespace baton::core
