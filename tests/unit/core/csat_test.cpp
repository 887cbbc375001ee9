// The survey rules (team operations §4.8), each with an example and a counter-example.
#include "core/csat.hpp"

#include <gtest/gtest.h>

namespace baton::core {
namespace {

TEST(CsatRules, ASurveyIsDueOnlyWhenOnAskedForAndAnAgentAnswered) {
  const CsatSettings on{true, ""};
  EXPECT_TRUE(survey_due(on, true, true));
  EXPECT_FALSE(survey_due(on, false, true)) << "Done without survey";
  EXPECT_FALSE(survey_due(on, true, false)) << "no agent message in the episode";
  EXPECT_FALSE(survey_due(CsatSettings{false, ""}, true, true)) << "surveys off";
}

TEST(CsatRules, ARatingIsAScoreFromOneToFiveWithAnOptionalComment) {
  auto rating = validate_rating(5, "  great  ");
  ASSERT_TRUE(rating);
  EXPECT_EQ(rating->score, 5);
  EXPECT_EQ(rating->comment, "great");
  EXPECT_FALSE(validate_rating(1, "   ")->comment) << "a blank comment is none";
  EXPECT_EQ(validate_rating(6, "").error().code, ErrorCode::invalid_field);
  EXPECT_EQ(validate_rating(0, "").error().code, ErrorCode::invalid_field);
  EXPECT_TRUE(validate_rating(3, std::string(1000, 'x')));
  EXPECT_FALSE(validate_rating(3, std::string(1001, 'x')));
  EXPECT_TRUE(validate_rating(3, "滿意" + std::string(998, 'x'))) << "characters, not bytes";
  EXPECT_FALSE(validate_rating(3, "\xff\xfe")) << "not UTF-8";
}

TEST(CsatRules, ASurveyIsRatedOnceAndOnlyWithinItsLifetime) {
  CsatSurvey survey;
  survey.requested_at = TimePoint(std::chrono::hours(1000));
  survey.expires_at = survey.requested_at + kSurveyLifetime;
  const Rating four{4, "ok"};
  const auto in_time = survey.requested_at + std::chrono::hours(24 * 7 - 1);
  auto rated = rate(survey, four, in_time);
  ASSERT_TRUE(rated);
  EXPECT_EQ(rated->score, 4);
  EXPECT_EQ(rated->comment, "ok");
  EXPECT_EQ(rated->submitted_at, in_time);
  EXPECT_EQ(rate(*rated, four, in_time).error().code, ErrorCode::already_rated);
  EXPECT_EQ(rate(survey, four, survey.expires_at).error().code, ErrorCode::survey_expired);
}

TEST(CsatRules, AnAssistantsQuestionIsOptionalAndBounded) {
  EXPECT_EQ(*validate_csat_question("  Did we help?  "), "Did we help?");
  EXPECT_EQ(*validate_csat_question(""), "");
  EXPECT_FALSE(validate_csat_question(std::string(1001, 'q')));
}

}  // namespace
}  // namespace baton::core
