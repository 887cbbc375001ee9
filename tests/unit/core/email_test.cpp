// The e-mail follow-up's pure rules (team operations §4.12): addresses, timing, SMTP outcomes,
// the text, and the RFC 5322 message.
#include "core/email.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace baton::core {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(EmailAddress, AcceptsAnAddressAndRefusesAPhoneANameOrAnInjection) {
  EXPECT_TRUE(is_email_address("mei@example.com"));
  EXPECT_TRUE(is_email_address("first.last+shop@mail.example.com.tw"));
  EXPECT_FALSE(is_email_address("+886 912 345 678"));
  EXPECT_FALSE(is_email_address("0912345678"));
  EXPECT_FALSE(is_email_address("王小明"));
  EXPECT_FALSE(is_email_address("mei@localhost"));
  EXPECT_FALSE(is_email_address("mei@@example.com"));
  EXPECT_FALSE(is_email_address("mei@example.com\r\nBcc: x@evil.example"));
  EXPECT_FALSE(is_email_address(" mei@example.com"));
  EXPECT_FALSE(is_email_address(".mei@example.com"));
  EXPECT_FALSE(is_email_address("mei@-example.com"));
  EXPECT_FALSE(is_email_address("mei@10.0.0.1"));
}

TEST(EmailLanguage, EnglishForEnAndChineseOtherwise) {
  EXPECT_EQ(mail_language(std::string("en")), MailLanguage::en);
  EXPECT_EQ(mail_language(std::string("en-US")), MailLanguage::en);
  EXPECT_EQ(mail_language(std::string("zh-TW")), MailLanguage::zh_tw);
  EXPECT_EQ(mail_language(std::nullopt), MailLanguage::zh_tw);
}

TEST(EmailTiming, ABurstMovesTheDueTimeButNotPastTwiceTheDelay) {
  const TimePoint first{seconds(1000)};
  EXPECT_EQ(email_due_at(first, first, seconds(120)), first + seconds(120));
  EXPECT_EQ(email_due_at(first, first + seconds(30), seconds(120)), first + seconds(150));
  EXPECT_EQ(email_due_at(first, first + seconds(200), seconds(120)), first + seconds(240));
}

TEST(EmailTiming, RetriesBackOffUpToTenMinutes) {
  EXPECT_EQ(email_retry_delay(1), milliseconds(1000));
  EXPECT_EQ(email_retry_delay(2), milliseconds(2000));
  EXPECT_EQ(email_retry_delay(4), milliseconds(8000));
  EXPECT_EQ(email_retry_delay(30), milliseconds(600000));
}

TEST(SmtpOutcomes, TwoHundredsAreSentFourHundredsRetriedFiveHundredsFailed) {
  EXPECT_EQ(classify_smtp(true, 250), SmtpOutcome::sent);
  EXPECT_EQ(classify_smtp(false, 451), SmtpOutcome::retry);
  EXPECT_EQ(classify_smtp(false, 421), SmtpOutcome::retry);
  EXPECT_EQ(classify_smtp(false, 0), SmtpOutcome::retry) << "no connection";
  EXPECT_EQ(classify_smtp(false, 550), SmtpOutcome::failed);
  EXPECT_EQ(classify_smtp(false, 250), SmtpOutcome::retry) << "cut off after an answer";
}

TEST(FollowupText, HoldsEveryAnswerAndTheLinkInTheVisitorsLanguage) {
  const std::vector<FollowupLine> lines{{"Mei", "您的包裹明天到。"}, {"", "還有其他問題嗎？"}};
  const auto zh = followup_text(MailLanguage::zh_tw, "小舖", lines, "https://shop.example/r/abc");
  EXPECT_EQ(zh.subject, "小舖：您有新的回覆");
  EXPECT_NE(zh.body.find("Mei：\n您的包裹明天到。"), std::string::npos);
  EXPECT_NE(zh.body.find("客服：\n還有其他問題嗎？"), std::string::npos);
  EXPECT_NE(zh.body.find("https://shop.example/r/abc"), std::string::npos);
  const auto en = followup_text(MailLanguage::en, "Shop", lines, "https://shop.example/r/abc");
  EXPECT_EQ(en.subject, "Shop: you have a reply");
  EXPECT_NE(en.body.find("Continue the conversation"), std::string::npos);
}

TEST(MailMessage, IsRfc5322WithAnEncodedSubjectAndABase64Body) {
  MailMessage mail{"support@shop.example", "mei@example.com",   "小舖：您有新的回覆",
                   "第一行\n第二行\n",     "1234@shop.example", TimePoint(seconds(1796645149))};
  const auto text = render_mail(mail);
  EXPECT_NE(text.find("From: support@shop.example\r\n"), std::string::npos);
  EXPECT_NE(text.find("To: mei@example.com\r\n"), std::string::npos);
  EXPECT_NE(text.find("Subject: =?UTF-8?B?" + base64_encode("小舖：您有新的回覆") + "?=\r\n"), std::string::npos);
  EXPECT_NE(text.find("Date: Mon, 07 Dec 2026 12:05:49 +0000\r\n"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <1234@shop.example>\r\n"), std::string::npos);
  EXPECT_NE(text.find("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Transfer-Encoding: base64\r\n\r\n" + base64_encode("第一行\r\n第二行\r\n") + "\r\n"),
            std::string::npos);
  EXPECT_EQ(text.find("第一行"), std::string::npos) << "no raw 8-bit text in the message";
}

TEST(MailMessage, LongSubjectsFoldIntoWordsThatKeepCharactersWhole) {
  const std::string subject(60 * 3, 'x');  // ASCII stays as it is
  EXPECT_EQ(encode_header_text(subject), subject);
  std::string chinese;
  for (int i = 0; i < 40; ++i) chinese += "貨";  // 120 bytes
  const auto encoded = encode_header_text(chinese);
  std::size_t words = 0;
  for (std::size_t at = 0; (at = encoded.find("=?UTF-8?B?", at)) != std::string::npos; ++at) ++words;
  EXPECT_EQ(words, 3u);
  for (std::size_t start = 0; start < encoded.size();) {
    const auto end = encoded.find("\r\n ", start);
    EXPECT_LE((end == std::string::npos ? encoded.size() : end) - start, 75u);
    if (end == std::string::npos) break;
    start = end + 3;
  }
}

TEST(Base64, MatchesTheRfc4648Examples) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace baton::core
