// The rules of the agents' tools (team operations §4.5-4.7): shortcuts and the template language
// of canned replies and their search, label names and colours, notes and their mentions. Each
// rule with an example and a counter-example.
#include <gtest/gtest.h>

#include "core/canned_replies.hpp"
#include "core/labels.hpp"
#include "core/notes.hpp"

namespace baton::core {
namespace {

CannedReply canned(std::string shortcut, std::string text) {
  CannedReply reply;
  reply.id = "cr_" + shortcut;
  reply.shortcut = std::move(shortcut);
  reply.text = std::move(text);
  return reply;
}

std::vector<std::string> shortcuts_of(const std::vector<CannedReply>& replies) {
  std::vector<std::string> out;
  for (const auto& reply : replies) out.push_back(reply.shortcut);
  return out;
}

TEST(CannedReplyRules, AShortcutIsOneWordOfLettersOfAnyScriptDigitsDashOrUnderscore) {
  for (const char* good : {"refund", "退貨", "return-policy_2", "へんぴん", "환불", "Café"}) {
    EXPECT_TRUE(validate_shortcut(good)) << good;
  }
  EXPECT_EQ(*validate_shortcut("  hours "), "hours") << "trimmed";
  for (const char* bad : {"", "two words", "a/b", "退貨！", "退，貨", "what?", "tab\there"}) {
    EXPECT_FALSE(validate_shortcut(bad)) << bad;
  }
  EXPECT_TRUE(validate_shortcut(std::string(32, 'a')));
  EXPECT_FALSE(validate_shortcut(std::string(33, 'a')));
  EXPECT_EQ(shortcut_key("ReFund"), "refund");
  EXPECT_EQ(shortcut_key("退貨"), "退貨");
}

TEST(CannedReplyRules, OnlyKnownVariablesWithClosedBracesAreSaved) {
  EXPECT_TRUE(validate_canned_text("Hi {{contact.name|您好}}, {{ agent.name }} here from {{assistant.name}}"));
  EXPECT_TRUE(validate_canned_text("no variables at all"));
  EXPECT_TRUE(validate_canned_text("a lone }} is text"));
  const auto unknown = validate_canned_text("Hi {{customer.phone}}");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::invalid_field);
  EXPECT_NE(unknown.error().message.find("customer.phone"), std::string::npos);
  EXPECT_FALSE(validate_canned_text("Hi {{contact.name"));
  EXPECT_FALSE(validate_canned_text("Hi {{}}"));
  EXPECT_FALSE(validate_canned_text("Hi {{contact.name|{{agent.name}}"));
  EXPECT_FALSE(validate_canned_text("{{contact.name|{}}{agent.name}}")) << "would spell a raw {{agent.name}}";
  EXPECT_FALSE(validate_canned_text("   "));
  EXPECT_FALSE(validate_canned_text(std::string(4001, 'a')));
}

TEST(CannedReplyRules, VariablesRenderTheirValueOrTheirFallbackWhenEmpty) {
  const std::string text = "{{contact.name|您好}}，{{agent.name}} 為您服務（{{assistant.name}}）";
  EXPECT_EQ(render_canned_text(text, {"王小明", "Mei", "小舖"}), "王小明，Mei 為您服務（小舖）");
  EXPECT_EQ(render_canned_text(text, {"", "Mei", "小舖"}), "您好，Mei 為您服務（小舖）");
  EXPECT_EQ(render_canned_text(text, {"  ", "", "小舖"}), "您好， 為您服務（小舖）") << "no fallback: nothing";
  EXPECT_EQ(render_canned_text("{{contact.name | dear customer }}!", {"", "", ""}), "dear customer!");
}

TEST(CannedReplyRules, SearchFindsAShortcutPrefixBeforeATextMatchFoldingAsciiCase) {
  const std::vector<CannedReply> replies{canned("退貨", "商品到貨七天內可申請退貨。"), canned("hours", "We open at 9."),
                                         canned("shipping", "Orders ship within 24 HOURS.")};
  EXPECT_EQ(shortcuts_of(search_canned_replies(replies, "退")), std::vector<std::string>{"退貨"});
  EXPECT_EQ(shortcuts_of(search_canned_replies(replies, "七天")), std::vector<std::string>{"退貨"});
  EXPECT_EQ(shortcuts_of(search_canned_replies(replies, "/HOU")), (std::vector<std::string>{"hours", "shipping"}))
      << "the shortcut match first, then the text match";
  EXPECT_EQ(search_canned_replies(replies, "").size(), 3u);
  EXPECT_TRUE(search_canned_replies(replies, "refund").empty());
}

TEST(LabelRules, ANameIsOneWordStoredWithAsciiLowerCase) {
  EXPECT_EQ(*validate_label_name(" Refund "), "refund");
  EXPECT_EQ(*validate_label_name("急件"), "急件");
  EXPECT_FALSE(validate_label_name("two words"));
  EXPECT_FALSE(validate_label_name(""));
  EXPECT_FALSE(validate_label_name(std::string(51, 'a')));
  EXPECT_EQ(*validate_label_color("#FFaa00"), "#ffaa00");
  for (const char* bad : {"red", "#fff", "#gggggg", "ffaa00", "#ffaa001"}) EXPECT_FALSE(validate_label_color(bad));
}

TEST(LabelRules, AppliedLabelsComeFromTheCatalogWithoutRepeats) {
  const std::vector<Label> catalog{{"refund", "#ff0000", {}}, {"vip", "#00ff00", {}}};
  EXPECT_EQ(*labels_to_apply({"VIP", "refund", "vip"}, catalog), (std::vector<std::string>{"vip", "refund"}));
  EXPECT_TRUE(labels_to_apply({}, catalog)->empty());
  const auto unknown = labels_to_apply({"refund", "nope"}, catalog);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("nope"), std::string::npos);
}

TEST(NoteRules, MentionsAreAgentsOfTheTeamOnceEachAndNeverTheAuthor) {
  std::vector<Agent> team(3);
  team[0].id = "ag_ann";
  team[1].id = "ag_bob";
  team[2].id = "ag_gone";
  team[2].disabled = true;
  const auto note = validate_note("  call back  ", {"ag_bob", "ag_ann", "ag_bob"}, "ag_ann", team);
  ASSERT_TRUE(note);
  EXPECT_EQ(note->text, "call back");
  EXPECT_EQ(note->mentions, std::vector<Id>{"ag_bob"});
  EXPECT_FALSE(validate_note("x", {"ag_nobody"}, "ag_ann", team)) << "an unknown id";
  EXPECT_FALSE(validate_note("x", {"ag_gone"}, "ag_ann", team)) << "a disabled agent";
  EXPECT_FALSE(validate_note("", {}, "ag_ann", team));
  EXPECT_FALSE(validate_note("x", std::vector<Id>(21, "ag_bob"), "ag_ann", team));
}

}  // namespace
}  // namespace baton::core
