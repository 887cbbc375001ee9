// Handoff-phrase detection: one test per rule (an example and a counter-example), and the scores
// on the project's eval sets.
#include "core/handoff_detector.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <string>

#include "eval_data.hpp"

namespace baton::core {
namespace {

TEST(HandoffDetector, RecognisesRequestsInEveryScript) {
  EXPECT_TRUE(is_handoff_request("真人客服"));
  EXPECT_TRUE(is_handoff_request("轉接真人"));
  EXPECT_TRUE(is_handoff_request("转人工"));
  EXPECT_TRUE(is_handoff_request("talk to a human"));
  EXPECT_TRUE(is_handoff_request("ＴＡＬＫ ＴＯ Ａ ＨＵＭＡＮ"));
}

TEST(HandoffDetector, IgnoresSimilarWordsThatAskForNothing) {
  EXPECT_FALSE(is_handoff_request("客服時間是幾點"));
  EXPECT_FALSE(is_handoff_request("人工皮的包包會脫皮嗎"));
  EXPECT_FALSE(is_handoff_request("What are your customer service hours?"));
  EXPECT_FALSE(is_handoff_request("運費多少"));
}

// Found by fuzzing (tests/fuzz/corpus/handoff/regression-stray-lead-byte): a lone lead byte
// was read as a full-width character with the next two ASCII bytes, so normalising again changed
// the text once more.
TEST(HandoffDetector, NormalisingKeepsTheLettersAfterAStrayByte) {
  EXPECT_EQ(normalize_for_intent("\xEF<a"), "\xEF<a");
  const std::string once = normalize_for_intent("\xEF\xEF\xBC\x9Cu\xFF(agent");
  EXPECT_EQ(normalize_for_intent(once), once);
}

TEST(HandoffDetector, RequestFormBeforeAPersonIsARequest) {
  const auto verdict = judge_handoff("could I speak to a real person");
  EXPECT_TRUE(verdict.requested);
  EXPECT_EQ(verdict.rule, "request_for_person");
  EXPECT_EQ(verdict.person, "real person");
  EXPECT_EQ(verdict.request, "speak");
  EXPECT_TRUE(is_handoff_request("我想找客服人員"));
  EXPECT_TRUE(is_handoff_request("is there a human I can chat with?"));
  EXPECT_TRUE(is_handoff_request("Do you have a live agent I could talk to?"));
  EXPECT_TRUE(is_handoff_request("mind connecting me to an agent?"));
  EXPECT_TRUE(is_handoff_request("I demand a human"));
  // A modal that governs another verb does not reach the person after it.
  EXPECT_FALSE(is_handoff_request("can I send it to a person in Taiwan?"));
}

TEST(HandoffDetector, TransferVerbWithPersonIsARequest) {
  const auto verdict = judge_handoff("can you transfer me to a staff member");
  EXPECT_TRUE(verdict.requested);
  EXPECT_EQ(verdict.rule, "transfer");
  EXPECT_EQ(verdict.request, "transfer");
  EXPECT_EQ(judge_handoff("幫我轉接客服人員").rule, "transfer");
  EXPECT_FALSE(is_handoff_request("I was transferred to an agent last week"));
  EXPECT_FALSE(is_handoff_request("轉帳要轉到哪個帳號"));  // a transfer with no person
}

TEST(HandoffDetector, RequestAfterThePersonIsARequest) {
  EXPECT_EQ(judge_handoff("請問專員在嗎").rule, "request_for_person");
  EXPECT_TRUE(is_handoff_request("is a live agent available right now?"));
  // The person as the subject of another verb, or the owner of a thing, is no request to it.
  EXPECT_FALSE(is_handoff_request("客服可以查一下嗎"));
  EXPECT_FALSE(is_handoff_request("你們客服的回覆都好慢"));
  EXPECT_FALSE(is_handoff_request("客服回覆好慢喔"));
  EXPECT_TRUE(is_handoff_request("請真人回覆"));
}

TEST(HandoffDetector, ChineseYouQuestionAsksOnlyAsAQuestion) {
  EXPECT_TRUE(is_handoff_request("有真人嗎"));
  EXPECT_TRUE(is_handoff_request("有人可以回答我嗎"));
  EXPECT_FALSE(is_handoff_request("有人說這件會縮水"));
}

TEST(HandoffDetector, BarePersonIsARequest) {
  const auto verdict = judge_handoff("human please");
  EXPECT_TRUE(verdict.requested);
  EXPECT_EQ(verdict.rule, "bare_person");
  EXPECT_EQ(verdict.person, "human");
  EXPECT_TRUE(is_handoff_request("真人!!!"));
  EXPECT_TRUE(is_handoff_request("人工 人工 人工"));
  EXPECT_TRUE(is_handoff_request("It keeps failing. Representative."));
  EXPECT_FALSE(is_handoff_request("human hair"));
  EXPECT_FALSE(is_handoff_request("thanks agent"));  // gratitude addresses a person, asks for none
  EXPECT_FALSE(is_handoff_request("人工皮"));
}

TEST(HandoffDetector, NegationIsNoRequest) {
  EXPECT_EQ(judge_handoff("I don't need a human, just the shipping fee").rule, "negated");
  EXPECT_EQ(judge_handoff("no agent needed").rule, "negated");
  EXPECT_EQ(judge_handoff("不用轉真人").rule, "negated");
  EXPECT_EQ(judge_handoff("不需要真人").rule, "negated");
  // A negation of something else, then a fresh request.
  EXPECT_TRUE(is_handoff_request("I don't want a bot I want a human"));
  EXPECT_TRUE(is_handoff_request("我不要跟機器人講話 給我真人"));
}

TEST(HandoffDetector, PastTalkIsNoRequest) {
  EXPECT_EQ(judge_handoff("I already talked to an agent").rule, "past");
  EXPECT_EQ(judge_handoff("your agent told me yesterday").rule, "past");
  EXPECT_EQ(judge_handoff("上次客服說可以退").rule, "past");
  EXPECT_EQ(judge_handoff("剛剛跟客服聊過").rule, "past");
  // The past belongs to an earlier talk; the request after it is for now.
  EXPECT_TRUE(is_handoff_request("I talked to an agent yesterday and I need a human now"));
}

TEST(HandoffDetector, LaterTalkIsNoRequest) {
  EXPECT_EQ(judge_handoff("I'll contact a human agent tomorrow").rule, "later");
  EXPECT_EQ(judge_handoff("我下次再找客服").rule, "later");
  EXPECT_TRUE(is_handoff_request("I want to contact a human agent now"));
}

TEST(HandoffDetector, MentionOfAPersonIsNoRequest) {
  EXPECT_EQ(judge_handoff("your staff were helpful").rule, "past");
  EXPECT_EQ(judge_handoff("客服態度很差").rule, "mention");
  EXPECT_EQ(judge_handoff("is the agent a bot?").rule, "mention");
  EXPECT_TRUE(is_handoff_request("is there an agent?"));
  EXPECT_EQ(judge_handoff("Can I have the operator’s name?").rule, "mention");  // the name is asked for
  EXPECT_TRUE(is_handoff_request("Can I have an operator?"));
}

TEST(HandoffDetector, QuestionAboutTheServiceIsNoRequest) {
  EXPECT_EQ(judge_handoff("What's the customer service phone number?").rule, "about_service");
  EXPECT_EQ(judge_handoff("客服几点下班").rule, "about_service");
  EXPECT_EQ(judge_handoff("Is live chat available on public holidays?").rule, "about_service");
  EXPECT_TRUE(is_handoff_request("Is live chat available now?"));
}

TEST(HandoffDetector, ProductWordsAreNoPerson) {
  EXPECT_EQ(judge_handoff("Do you sell human hair wigs?").rule, "product");
  EXPECT_EQ(judge_handoff("my travel agent booked it").rule, "product");
  EXPECT_EQ(judge_handoff("Is there a human-readable invoice?").rule, "product");
  EXPECT_EQ(judge_handoff("Is there a person limit per order?").rule, "product");
  EXPECT_FALSE(is_handoff_request("真人尺寸的抱枕"));
  EXPECT_FALSE(is_handoff_request("人工皮的包包"));
  EXPECT_FALSE(is_handoff_request("員工價可以分享嗎"));
  EXPECT_EQ(judge_handoff("你們的AI客服是用什麼做的").rule, "no_person");
  EXPECT_TRUE(is_handoff_request("I want to talk to an agent"));
  EXPECT_TRUE(is_handoff_request("我要人工客服"));
}

TEST(HandoffDetector, ManMadeIsAPersonOnlyStandingAlone) {
  EXPECT_TRUE(is_handoff_request("轉人工好嗎"));
  EXPECT_TRUE(is_handoff_request("我需要人工協助"));
  EXPECT_TRUE(is_handoff_request("可以轉人工 謝謝"));
  EXPECT_FALSE(is_handoff_request("可以轉人工草皮的訂單嗎"));
  EXPECT_FALSE(is_handoff_request("人工費要另外算嗎"));
  EXPECT_TRUE(is_handoff_request("有人工吗"));
  EXPECT_FALSE(is_handoff_request("有人工皮嗎"));
}

TEST(HandoffDetector, JobsAndAffiliatesAreNoRequest) {
  EXPECT_EQ(judge_handoff("How do I become an agent?").rule, "job");
  EXPECT_EQ(judge_handoff("你們有在徵客服人員嗎").rule, "job");
  EXPECT_TRUE(is_handoff_request("How do I reach an agent?"));
  EXPECT_EQ(judge_handoff("我想当客服").rule, "job");
  EXPECT_TRUE(is_handoff_request("我想找客服"));
}

TEST(HandoffDetector, IndefinitePronounAsksOnlyToTalk) {
  EXPECT_TRUE(is_handoff_request("can someone call me back?"));
  EXPECT_TRUE(is_handoff_request("is there anyone I can talk to?"));
  EXPECT_EQ(judge_handoff("can someone explain the return policy").rule, "not_a_request");
  EXPECT_FALSE(is_handoff_request("Anyone there?"));  // a greeting; the AI answers it
}

TEST(HandoffDetector, NoPersonNoRequest) {
  EXPECT_EQ(judge_handoff("Where is my order?").rule, "no_person");
  EXPECT_EQ(judge_handoff("Please don't transfer me").rule, "not_a_request");
}

TEST(HandoffDetector, ToleratesEnglishTyposOnLongWords) {
  EXPECT_TRUE(is_handoff_request("talk to humna"));            // transposition, 5 letters
  EXPECT_TRUE(is_handoff_request("speak to representitive"));  // 1 edit
  EXPECT_TRUE(is_handoff_request("conect me to an agent"));    // 1 edit on the verb
  EXPECT_TRUE(is_handoff_request("speak to a reprsentatve"));  // 2 edits on 14 letters
  EXPECT_FALSE(is_handoff_request("speak to a rprsentatve"));  // 3 edits
  EXPECT_FALSE(is_handoff_request("your stuff please"));       // a real word is no typo
  EXPECT_FALSE(is_handoff_request("talk to a hmn"));           // short words: exact only
  // A phrase whose first word is the slip: found through that word's neighbours in spelling.
  EXPECT_TRUE(is_handoff_request("talk to custmer servce"));
  EXPECT_FALSE(is_handoff_request("the custmer servce was great"));  // a mention, not a request
}

TEST(HandoffDetector, SimplifiedChineseAndInputSlips) {
  EXPECT_EQ(normalize_for_intent("转人工客服 联系"), "轉人工客服 聯繫");
  EXPECT_TRUE(is_handoff_request("请帮我转接客服人员"));
  EXPECT_TRUE(is_handoff_request("我要真人克服"));  // 克服 typed for 客服
  EXPECT_TRUE(is_handoff_request("转接人功"));      // 人功 typed for 人工
  EXPECT_FALSE(is_handoff_request("人工智能音箱有折扣吗"));
}

TEST(HandoffDetector, SurvivesHostileInput) {
  std::string huge;
  while (huge.size() < 12000) {
    huge += "representitive \xFF\xC0 不用 can I ";
    huge.push_back('\0');
  }
  EXPECT_NO_THROW(judge_handoff(huge));
  const std::string broken("\xE8\xBD", 2);  // a cut 轉
  EXPECT_FALSE(is_handoff_request(broken));
  EXPECT_EQ(is_handoff_request("\xEF\xBC\xA1gent"), is_handoff_request(normalize_for_intent("\xEF\xBC\xA1gent")));
}

struct Scores {
  double precision = 0;
  double recall = 0;
};

// `show_misses`: print each miss (never for the held-out set, whose messages stay unread).
Scores score(const boost::json::value& data, std::string_view name, bool show_misses = true) {
  int true_positive = 0, false_negative = 0, false_positive = 0;
  for (const auto& text : testing::strings_of(data.at("positive"))) {
    if (is_handoff_request(text)) {
      ++true_positive;
    } else {
      ++false_negative;
      if (show_misses) std::cout << "  missed: " << text << " (" << judge_handoff(text).rule << ")\n";
    }
  }
  for (const auto& text : testing::strings_of(data.at("negative"))) {
    const auto verdict = judge_handoff(text);
    if (verdict.requested) {
      ++false_positive;
      if (show_misses) std::cout << "  false alarm: " << text << " (" << verdict.rule << ")\n";
    }
  }
  Scores scores;
  scores.precision = double(true_positive) / std::max(1, true_positive + false_positive);
  scores.recall = double(true_positive) / std::max(1, true_positive + false_negative);
  std::cout << "handoff detection, " << name << ": precision " << scores.precision * 100 << "% (" << true_positive
            << "/" << true_positive + false_positive << ") recall " << scores.recall * 100 << "% (" << true_positive
            << "/" << true_positive + false_negative << ")\n";
  return scores;
}

TEST(HandoffDetector, ScoresOnTheEvalSet) {
  const Scores scores = score(testing::load_eval("handoff-intents.json"), "eval/handoff-intents.json (written from)");
  EXPECT_GE(scores.precision, 0.95);
  EXPECT_GE(scores.recall, 0.95);
}

TEST(HandoffDetector, ScoresOnTheExtraEvalSet) {
  const auto data = testing::load_testdata("eval-extra/handoff.json");
  if (!data) GTEST_SKIP() << "testdata/eval-extra/handoff.json is not there";
  const Scores scores = score(*data, "eval-extra/handoff.json (tuned on)");
  EXPECT_GE(scores.precision, 0.95);
  EXPECT_GE(scores.recall, 0.95);
}

// Messages nobody read while writing the rules (testdata/heldout): the honest figure. Totals only.
TEST(HandoffDetector, ScoresOnTheHeldOutSet) {
  const auto data = testing::load_testdata("heldout/handoff.json");
  if (!data) GTEST_SKIP() << "testdata/heldout/handoff.json is not there";
  const Scores scores = score(*data, "heldout/handoff.json (never read)", false);
  EXPECT_GE(scores.precision, 0.95);
  EXPECT_GE(scores.recall, 0.95);
}

}  // namespace
}  // namespace baton::core
