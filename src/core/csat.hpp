// Customer satisfaction surveys (team operations §4.8): when one is due, what a rating may
// hold, and when a survey can still be answered.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/types.hpp"

namespace baton::core {

inline constexpr auto kSurveyLifetime = std::chrono::hours(24 * 7);
inline constexpr std::size_t kMaxCsatCommentChars = 1000;
inline constexpr int kMinCsatScore = 1;
inline constexpr int kMaxCsatScore = 5;

// A survey goes out on an agent's Done when the assistant asks for them, the agent did not
// choose "Done without survey", and an agent spoke to the customer in the episode (never after
// an AI-only conversation or an abandoned request).
bool survey_due(const CsatSettings& settings, bool agent_wants_survey, bool agent_answered_in_episode);

struct Rating {
  int score = 0;
  std::optional<std::string> comment;  // trimmed; unset when blank
};

// A score of 1-5 and an optional comment of at most kMaxCsatCommentChars (400 invalid_field).
Result<Rating> validate_rating(std::int64_t score, std::string_view comment);

// The survey as rated at `now`: 409 already_rated once it holds a score, 409 survey_expired
// past its lifetime.
Result<CsatSurvey> rate(const CsatSurvey& survey, const Rating& rating, TimePoint now);

// An assistant's own survey question: trimmed, at most kMaxQuestionChars (empty: the default).
Result<std::string> validate_csat_question(std::string_view question);

}  // namespace baton::core
