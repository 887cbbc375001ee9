// Handoff-phrase detection: examples, and the scores on the project's eval set.
#include "core/handoff_detector.hpp"

#include <gtest/gtest.h>

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

TEST(HandoffDetector, ScoresOnTheEvalSet) {
  const auto data = testing::load_eval("handoff-intents.json");
  int true_positive = 0, false_negative = 0, false_positive = 0;
  for (const auto& text : testing::strings_of(data.at("positive"))) {
    if (is_handoff_request(text)) {
      ++true_positive;
    } else {
      ++false_negative;
      std::cout << "  missed: " << text << "\n";
    }
  }
  for (const auto& text : testing::strings_of(data.at("negative"))) {
    if (is_handoff_request(text)) {
      ++false_positive;
      std::cout << "  false alarm: " << text << "\n";
    }
  }
  const double precision = double(true_positive) / (true_positive + false_positive);
  const double recall = double(true_positive) / (true_positive + false_negative);
  std::cout << "handoff detection: precision " << precision * 100 << "% recall " << recall * 100 << "%\n";
  EXPECT_GE(precision, 0.90);
  EXPECT_GE(recall, 0.90);
}

}  // namespace
}  // namespace baton::core
