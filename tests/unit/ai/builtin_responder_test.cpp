// The built-in responder on the project's eval set: top-1 accuracy and fallbacks.
#include "ai/builtin/builtin_responder.hpp"

#include <gtest/gtest.h>

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

TEST(BuiltinResponder, ScoresOnTheEvalSet) {
  BuiltinResponder responder;
  responder.load_knowledge("asst_shop", eval_knowledge());
  const auto assistant = shop(true);
  const std::vector<core::Message> history;
  int answerable = 0, correct = 0, out_of_scope = 0, fallbacks = 0;
  const auto queries = testing::load_eval("queries-dev.json");
  for (const auto& item : queries.as_array()) {
    const std::string query(item.at("query").as_string());
    const auto reply = responder.respond({assistant, query, history});
    const std::string got = reply.knowledge_id.value_or("fallback");
    if (item.at("expected").is_null()) {
      ++out_of_scope;
      if (reply.kind == ReplyKind::fallback)
        ++fallbacks;
      else
        std::cout << "  miss: \"" << query << "\" wanted fallback, got " << got << " (" << reply.score << ")\n";
    } else {
      ++answerable;
      const std::string wanted(item.at("expected").as_string());
      if (got == wanted)
        ++correct;
      else
        std::cout << "  miss: \"" << query << "\" wanted " << wanted << ", got " << got << " (" << reply.score << ")\n";
    }
  }
  const double accuracy = double(correct) / answerable;
  const double fallback_rate = double(fallbacks) / out_of_scope;
  std::cout << "retrieval: top-1 accuracy " << accuracy * 100 << "% (" << correct << "/" << answerable
            << "), fallback on out-of-scope " << fallback_rate * 100 << "% (" << fallbacks << "/" << out_of_scope
            << ")\n";
  // The targets of the AI issue (#4).
  EXPECT_GE(accuracy, 0.90);
  EXPECT_GE(fallback_rate, 0.80);
}

}  // namespace
}  // namespace baton::ai::builtin
