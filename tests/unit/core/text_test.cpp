#include "core/text.hpp"

#include <gtest/gtest.h>

#include "core/availability.hpp"
#include "core/time.hpp"

namespace baton::core {
namespace {

TEST(MessageText, IsTrimmedOfUnicodeSpace) {
  EXPECT_EQ(validate_message_text("\u3000 hello \n\t").value(), "hello");
  EXPECT_EQ(validate_message_text("  你好  ").value(), "你好");
}

TEST(MessageText, BlankIsRejected) {
  for (const char* blank : {"", "   ", "\u3000\u00a0\n"}) {
    auto result = validate_message_text(blank);
    ASSERT_FALSE(result) << blank;
    EXPECT_EQ(result.error().code, ErrorCode::invalid_field);
  }
}

TEST(MessageText, CountsCharactersNotBytes) {
  std::string chinese;
  for (int i = 0; i < 4000; ++i) chinese += "字";
  EXPECT_TRUE(validate_message_text(chinese));
  auto too_long = validate_message_text(chinese + "字");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::text_too_long);
}

TEST(MessageText, InvalidUtf8AndControlCharactersAreRejected) {
  EXPECT_FALSE(validate_message_text("bad \xff byte"));
  EXPECT_FALSE(validate_message_text("overlong \xc0\xaf"));
  EXPECT_FALSE(validate_message_text("surrogate \xed\xa0\x80"));
  EXPECT_FALSE(validate_message_text(std::string("nul \0 inside", 12)));
  EXPECT_TRUE(validate_message_text("line one\nline two"));
}

TEST(ShortText, MustBeOneLine) {
  EXPECT_EQ(validate_short_text("name", " Amy ", 100).value(), "Amy");
  EXPECT_FALSE(validate_short_text("name", "a\nb", 100));
  EXPECT_FALSE(validate_short_text("name", std::string(101, 'x'), 100));
}

TEST(Availability, OnlineWithASocketOrWithinTheGrace) {
  const TimePoint now{std::chrono::milliseconds{10'000'000}};
  EXPECT_TRUE(is_available({Presence::online, 1, std::nullopt}, now));
  EXPECT_FALSE(is_available({Presence::away, 1, std::nullopt}, now));
  EXPECT_FALSE(is_available({Presence::online, 0, std::nullopt}, now));
  EXPECT_TRUE(is_available({Presence::online, 0, now - std::chrono::seconds(59)}, now));
  EXPECT_FALSE(is_available({Presence::online, 0, now - std::chrono::seconds(60)}, now));
}

TEST(Time, RoundTripsRfc3339WithMilliseconds) {
  const TimePoint time{std::chrono::milliseconds{1'764'119'000'123}};
  const std::string text = format_time(time);
  EXPECT_EQ(text, "2025-11-26T01:03:20.123Z");
  EXPECT_EQ(parse_time(text), time);
  EXPECT_FALSE(parse_time("2025-13-26T01:03:20.123Z"));
  EXPECT_FALSE(parse_time("yesterday"));
}

TEST(Time, AClientMayGiveWholeSecondsButStoredTimesStayStrict) {
  EXPECT_EQ(parse_client_time("2025-11-26T01:03:20Z"), parse_time("2025-11-26T01:03:20.000Z"));
  EXPECT_EQ(parse_client_time("2025-11-26T01:03:20.123Z"), parse_time("2025-11-26T01:03:20.123Z"));
  EXPECT_FALSE(parse_time("2025-11-26T01:03:20Z"));
  EXPECT_FALSE(parse_client_time("2025-11-26T01:03:2xZ"));
  EXPECT_FALSE(parse_client_time("friday"));
}

}  // namespace
}  // namespace baton::core

#include "core/rate_limit.hpp"

namespace baton::core {
namespace {

TEST(RateLimit, AllowsABurstThenRefillsOverTime) {
  const RatePolicy policy{3, 1};
  TokenBucket bucket;
  const TimePoint start{std::chrono::milliseconds{1'000'000}};
  EXPECT_TRUE(take_token(bucket, policy, start));
  EXPECT_TRUE(take_token(bucket, policy, start));
  EXPECT_TRUE(take_token(bucket, policy, start));
  EXPECT_FALSE(take_token(bucket, policy, start));
  EXPECT_FALSE(take_token(bucket, policy, start + std::chrono::milliseconds(500)));
  EXPECT_TRUE(take_token(bucket, policy, start + std::chrono::milliseconds(1600)));
  EXPECT_FALSE(take_token(bucket, policy, start + std::chrono::milliseconds(1700)));
  // Never above the burst, however long the wait.
  const auto later = start + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(take_token(bucket, policy, later));
  EXPECT_FALSE(take_token(bucket, policy, later));
}

}  // namespace
}  // namespace baton::core

#include "core/fields.hpp"

namespace baton::core {
namespace {

TEST(Fields, EmailsAreTrimmedLowerCasedAndMustLookLikeOne) {
  EXPECT_EQ(validate_email("  Amy@Shop.TW ").value(), "amy@shop.tw");
  EXPECT_EQ(normalize_email(" Amy@Shop.TW"), "amy@shop.tw");
  for (const char* bad : {"", "amy", "@shop.tw", "amy@", "a my@shop.tw"}) EXPECT_FALSE(validate_email(bad)) << bad;
}

TEST(Fields, PasswordsAre10To200CharactersAndNotOnlySpaces) {
  EXPECT_EQ(validate_password("123456789").error().code, ErrorCode::weak_password);
  EXPECT_TRUE(validate_password("1234567890"));
  EXPECT_EQ(validate_password(std::string(12, ' ')).error().code, ErrorCode::weak_password);
  EXPECT_FALSE(validate_password(std::string(201, 'x')));
  EXPECT_EQ(validate_password("\xff\xfe bad utf-8 here").error().code, ErrorCode::invalid_field);
}

TEST(Fields, KnowledgeNeedsAQuestionAndAnAnswer) {
  EXPECT_EQ(validate_knowledge(" Q? ", " A. ").value(), (std::pair<std::string, std::string>{"Q?", "A."}));
  EXPECT_FALSE(validate_knowledge("", "A."));
  EXPECT_FALSE(validate_knowledge("Q?", " "));
  EXPECT_FALSE(validate_knowledge(std::string(1001, 'q'), "A."));
}

std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

std::size_t chars(const std::string& text) { return static_cast<std::size_t>(utf8_length(text)); }

TEST(LongAnswers, AreCutAtTheLastSentenceEndBeforeTheLimit) {
  // Exactly 4000 characters are kept whole.
  const std::string sentence = "The parcel ships from Taipei in a day. ";
  EXPECT_EQ(cut_to_message_length("Short. Answer."), "Short. Answer.");
  const auto exact = repeated(sentence, 100).substr(0, 4000);
  EXPECT_EQ(cut_to_message_length(exact), exact);

  const auto cut = cut_to_message_length(repeated(sentence, 300));
  EXPECT_LE(chars(cut), kMaxMessageChars);
  EXPECT_GT(chars(cut), kMaxMessageChars - kSentenceSearchChars);
  EXPECT_TRUE(cut.ends_with("in a day.")) << cut.substr(cut.size() - 20);

  const auto chinese = cut_to_message_length(repeated("包裹從台北出貨，一天內送達。", 1000));
  EXPECT_LE(chars(chinese), kMaxMessageChars);
  EXPECT_TRUE(chinese.ends_with("送達。"));
  EXPECT_EQ(chars(chinese) % 14, 0u) << "whole sentences";

  const auto lines = cut_to_message_length(repeated("- a line without an end\n", 500));
  EXPECT_TRUE(lines.ends_with("an end")) << "cut at the line break, which is dropped";

  // A decimal point or an abbreviation is no sentence end.
  const auto prices = cut_to_message_length(repeated("NT$1.5x", 1000));
  EXPECT_EQ(chars(prices), kMaxMessageChars);
}

TEST(LongAnswers, WithoutASentenceEndNearTheLimitAreCutBetweenCharacters) {
  const auto emoji = cut_to_message_length(repeated("😀", 5000));
  EXPECT_EQ(chars(emoji), kMaxMessageChars) << "never inside a character";
  EXPECT_EQ(emoji.size(), kMaxMessageChars * 4);
  // A sentence end long before the limit is not worth three quarters of the answer.
  const auto early = cut_to_message_length("Early end. " + std::string(5000, 'x'));
  EXPECT_EQ(chars(early), kMaxMessageChars);
}

TEST(Fields, OptionalTextMayBeEmptyButNotTooLong) {
  EXPECT_EQ(validate_optional_text("greeting", "  ", 10).value(), "");
  EXPECT_FALSE(validate_optional_text("greeting", std::string(11, 'g'), 10));
  EXPECT_FALSE(validate_optional_text("greeting", "\xff", 10));
}

TEST(Fields, ClientIdsAre1To100Bytes) {
  EXPECT_FALSE(validate_client_id(""));
  EXPECT_TRUE(validate_client_id("c-1"));
  EXPECT_FALSE(validate_client_id(std::string(101, 'c')));
}

TEST(EditDistance, CountsEditsAndAnAdjacentSwapOnce) {
  EXPECT_EQ(edit_distance("transfer", "transfer"), 0u);
  EXPECT_EQ(edit_distance("tranfer", "transfer"), 1u);  // a letter left out
  EXPECT_EQ(edit_distance("agnet", "agent"), 1u);       // two letters swapped
  EXPECT_EQ(edit_distance("humna", "human"), 1u);
  EXPECT_EQ(edit_distance("agent", "urgent"), 2u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
}

}  // namespace
}  // namespace baton::core
