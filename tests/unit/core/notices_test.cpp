// The system notices' words: both languages, and the line a reader of one language gets.
#include "core/notices.hpp"

#include <gtest/gtest.h>

namespace baton::core {
namespace {

TEST(Notices, TheHandoffNoticeWithAPlaceSplitsIntoOneLanguageEach) {
  const auto text = handoff_notice_with_place(3);
  EXPECT_EQ(notice_for_reader(text, "zh-TW"), "已為您轉接真人客服，請稍候。您目前排在第 3 位。");
  EXPECT_EQ(notice_for_reader(text, "en-US"),
            "Connecting you to a live agent, please wait. You are number 3 in the queue.");
  // Without the place it is the plain handoff notice.
  EXPECT_EQ(notice_for_reader(notice_text(SystemEvent::handoff_requested, Assistant{}), "zh-TW"),
            "已為您轉接真人客服，請稍候。");
}

TEST(Notices, ATextOfOtherThanTwoLinesIsNeverSplit) {
  Assistant assistant;
  assistant.offline_message = "We are closed.\nBack at 9.\nThanks!";
  const auto text = notice_text(SystemEvent::no_agents_online, assistant);
  EXPECT_EQ(notice_for_reader(text, "zh-TW"), text);
  EXPECT_EQ(notice_for_reader(text, "en"), text);
}

}  // namespace
}  // namespace baton::core
