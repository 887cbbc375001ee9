// The built-in responder's rules, each with an example and a counter-example (its figures on
// the eval sets are in builtin_eval_test.cpp).
#include "ai/builtin/builtin_responder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ai/builtin/fitted_model.hpp"
#include "eval_data.hpp"

namespace baton::ai::builtin {
namespace {

core::Assistant shop(bool live_agent_enabled) {
  core::Assistant assistant;
  assistant.id = "asst_shop";
  assistant.live_agent_enabled = live_agent_enabled;
  return assistant;
}

std::vector<core::KnowledgeEntry> eval_knowledge() {
  std::vector<core::KnowledgeEntry> entries;
  const auto knowledge = testing::load_eval("knowledge.json");
  for (const auto& item : knowledge.as_array()) {
    core::KnowledgeEntry entry;
    entry.id = std::string(item.at("id").as_string());
    entry.assistant_id = "asst_shop";
    entry.question = std::string(item.at("question").as_string());
    entry.answer = std::string(item.at("answer").as_string());
    entries.push_back(entry);
  }
  return entries;
}

TEST(BuiltinResponder, AnswersFromKnowledgeAcrossScripts) {
  BuiltinResponder responder;
  responder.load_knowledge("asst_shop", eval_knowledge());
  const auto assistant = shop(true);
  const std::vector<core::Message> history;
  auto reply = responder.respond({assistant, "可以寄到马来西亚吗", history});
  EXPECT_EQ(reply.kind, ReplyKind::answer);
  EXPECT_EQ(reply.knowledge_id, "k02");
}

TEST(BuiltinResponder, FallsBackAndOffersAnAgentOnlyWhenEnabled) {
  BuiltinResponder responder;
  responder.load_knowledge("asst_shop", eval_knowledge());
  const std::vector<core::Message> history;
  const auto with_agents = shop(true);
  const auto without = shop(false);
  auto reply = responder.respond({with_agents, "qwertyuiop zxcv", history});
  EXPECT_EQ(reply.kind, ReplyKind::fallback);
  EXPECT_NE(reply.text.find("轉接真人"), std::string::npos);
  EXPECT_EQ(responder.respond({without, "qwertyuiop zxcv", history}).text.find("轉接真人"), std::string::npos);
}

TEST(BuiltinResponder, NewKnowledgeIsUsedAtOnce) {
  BuiltinResponder responder;
  const auto assistant = shop(true);
  const std::vector<core::Message> history;
  EXPECT_EQ(responder.respond({assistant, "gift wrapping", history}).kind, ReplyKind::fallback);
  responder.load_knowledge("asst_shop", {{"k_new", "asst_shop", "Do you offer gift wrapping?", "Yes, NT$30.", {}, {}}});
  auto reply = responder.respond({assistant, "gift wrapping", history});
  EXPECT_EQ(reply.knowledge_id, "k_new");
}

TEST(BuiltinResponder, TheFallbackExplainsItselfWithTheWordsNoEntryKnows) {
  BuiltinResponder responder;
  responder.load_knowledge("asst_shop", eval_knowledge());
  const auto assistant = shop(true);
  const std::vector<core::Message> history;
  const auto reply = responder.respond({assistant, "Do you accept dogecoin for payment?", history});
  ASSERT_TRUE(reply.explanation);
  const auto& why = *reply.explanation;
  EXPECT_EQ(reply.kind, ReplyKind::fallback);
  EXPECT_LT(why.confidence, why.threshold);
  EXPECT_EQ(why.signals.size(), kSignalCount);
  EXPECT_NE(std::find(why.unknown_words.begin(), why.unknown_words.end(), "dogecoin"), why.unknown_words.end());
  // An answer's explanation: above the threshold, and no unknown words for a plain question.
  const auto answer = responder.respond({assistant, "How much is shipping?", history});
  ASSERT_TRUE(answer.explanation);
  EXPECT_EQ(answer.kind, ReplyKind::answer);
  EXPECT_GE(answer.explanation->confidence, answer.explanation->threshold);
}

// WordNet: a customer's word the knowledge does not use is read as a synonym it does use;
// a word with no shared meaning is not.
TEST(BuiltinResponder, ASynonymFromWordNetReachesTheEntry) {
  auto wordnet = WordNet::open(std::string(WordNet::kDefaultDirectory));
  ASSERT_TRUE(wordnet) << "wordnet-base is not installed";
  BuiltinResponder responder(kFittedModel, std::move(wordnet));
  responder.load_knowledge("asst_shop",
                           {{"k_box", "asst_shop", "Can I track my package?", "Yes, with the number.", {}, {}},
                            {"k_pay", "asst_shop", "Which cards do you take?", "Visa.", {}, {}}});
  const auto found = responder.judge("asst_shop", "track parcel");
  ASSERT_FALSE(found.retrieval.candidates.empty());
  EXPECT_EQ(found.retrieval.candidates.front().knowledge_id, "k_box");
  ASSERT_EQ(found.retrieval.synonyms.size(), 1u);
  EXPECT_EQ(found.retrieval.synonyms.front().word, "parcel");
  EXPECT_EQ(found.retrieval.synonyms.front().as, "package");
  EXPECT_TRUE(responder.judge("asst_shop", "track giraffe").retrieval.synonyms.empty());
}

TEST(WordNetReader, FindsSynonymsOfInflectedWordsAndNothingForNonsense) {
  auto wordnet = WordNet::open(std::string(WordNet::kDefaultDirectory));
  ASSERT_TRUE(wordnet);
  const auto parcels = wordnet->synonyms("parcels", 2);
  EXPECT_NE(std::find(parcels.begin(), parcels.end(), "package"), parcels.end());
  const auto bought = wordnet->synonyms("purchased", 2);
  EXPECT_NE(std::find(bought.begin(), bought.end(), "buy"), bought.end());
  EXPECT_TRUE(wordnet->synonyms("qwxzzy", 2).empty());
  EXPECT_TRUE(wordnet->synonyms(std::string(500, 'a'), 2).empty());
  EXPECT_FALSE(WordNet::open("/nonexistent"));
}

// A slip of a word the knowledge uses is read as that word; short words are never repaired
// (too many neighbours), nor words two slips away at five letters.
TEST(BuiltinResponder, ATypingSlipOfAKnownWordIsRepaired) {
  BuiltinResponder responder(kFittedModel, std::nullopt);
  responder.load_knowledge("asst_shop", {{"k_ship", "asst_shop", "What does shipping cost?", "NT$80.", {}, {}}});
  const auto repaired = responder.judge("asst_shop", "shiping cost");
  ASSERT_EQ(repaired.retrieval.corrections.size(), 1u);
  EXPECT_EQ(repaired.retrieval.corrections.front().as, "shipping");
  EXPECT_TRUE(responder.judge("asst_shop", "cots").retrieval.corrections.empty());
}

// Each repair compares a word with the whole vocabulary: a text of many slips repairs only its
// first few, so no message can make a search slow.
TEST(BuiltinResponder, ALongTextOfSlipsRepairsOnlyItsFirstFew) {
  BuiltinResponder responder(kFittedModel, std::nullopt);
  responder.load_knowledge("asst_shop", {{"k_ship", "asst_shop", "What does shipping cost?", "NT$80.", {}, {}}});
  std::string text;
  for (char c = 'a'; c <= 'z'; ++c) text += std::string("shipping") + c + " ";
  EXPECT_EQ(responder.judge("asst_shop", text).retrieval.corrections.size(), 8u);
  EXPECT_EQ(responder.judge("asst_shop", "shippinga").retrieval.corrections.size(), 1u);
}

// A knowledge base of one entry, asked in the entry's own words, answers; a guess through a
// WordNet synonym ("show" ~ "present", a gift concept no entry has) must not count against it.
TEST(BuiltinResponder, AnEntryAskedInItsOwnWordsAnswersEvenAlone) {
  BuiltinResponder responder;
  responder.load_knowledge("asst_shop", {{"k_wall", "asst_shop", "Show me the emoji wall", "Here it is.", {}, {}}});
  const auto assistant = shop(true);
  const std::vector<core::Message> history;
  EXPECT_EQ(responder.respond({assistant, "Show me the emoji wall", history}).kind, ReplyKind::answer);
  EXPECT_EQ(responder.respond({assistant, "Do you repair bicycles?", history}).kind, ReplyKind::fallback);
}

// With WordNet present (as Baton runs), a slip that WordNet's suffix rules would take for an
// inflection ("shiping" -> "ship") is still repaired; a real inflected word is not.
TEST(BuiltinResponder, SlipsAreRepairedWithWordNetPresentToo) {
  BuiltinResponder responder;
  responder.load_knowledge("asst_shop", {{"k_ship", "asst_shop", "What does shipping cost?", "NT$80.", {}, {}}});
  const auto repaired = responder.judge("asst_shop", "shiping cost");
  ASSERT_EQ(repaired.retrieval.corrections.size(), 1u);
  EXPECT_EQ(repaired.retrieval.corrections.front().as, "shipping");
  EXPECT_TRUE(responder.judge("asst_shop", "shopping cost").retrieval.corrections.empty());
}

TEST(WordNetReader, ADamagedSynsetCountIsRefusedNotRead) {
  const std::string directory = ::testing::TempDir() + "wordnet-damaged";
  std::filesystem::create_directories(directory);
  for (const char* part : {"noun", "verb", "adj", "adv"}) {
    std::ofstream(directory + "/index." + part) << "package n 1 0 1 0 00000000\n";
    // A word count whose double wraps around: it must not be trusted.
    std::ofstream(directory + "/data." + part) << "00000000 03 n 8000000000000001 package 0\n";
  }
  auto wordnet = WordNet::open(directory);
  ASSERT_TRUE(wordnet);
  EXPECT_TRUE(wordnet->synonyms("package", 2).empty());
}

TEST(RejectRule, FitsAThresholdBetweenRightAnswersAndUnanswerableTexts) {
  std::vector<LabelledSearch> examples;
  for (int i = 0; i < 20; ++i) {
    LabelledSearch right, unanswerable;
    right.signals.values[0] = 0.6 + 0.02 * i;  // high coverage: the best entry is right
    right.answerable = right.best_is_right = true;
    unanswerable.signals.values[0] = 0.1 + 0.02 * i;  // low coverage: nothing answers
    unanswerable.signals.values[3] = 0.5;
    examples.push_back(right);
    examples.push_back(unanswerable);
  }
  const auto model = fit_reject_model(examples);
  EXPECT_GT(model.weights[0], 0);
  Signals high, low;
  high.values[0] = 0.8;
  low.values[0] = 0.2;
  low.values[3] = 0.5;
  EXPECT_GE(confidence(model, high), model.threshold);
  EXPECT_LT(confidence(model, low), model.threshold);
}

TEST(RejectRule, SignalsReadTheKindOfText) {
  Retrieval nothing;
  EXPECT_EQ(signals_of(nothing, "運費多少?").values[6], 1);       // a question
  EXPECT_EQ(signals_of(nothing, "我的包裹還沒到").values[6], 0);  // a statement
  EXPECT_EQ(signals_of(nothing, "how long does it take").values[6], 1);
  EXPECT_DOUBLE_EQ(signals_of(nothing, "運費").values[7], 1.0);
  EXPECT_DOUBLE_EQ(signals_of(nothing, "fee").values[7], 0.0);
}

}  // namespace
}  // namespace baton::ai::builtin
