// The system notices' words: rendered from the event and its details in the reader's language,
// both languages while it is unknown, and an assistant's own text always as written.
#include "core/notices.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace baton::core {
namespace {

Message notice_of(SystemEvent event, NoticeDetails details = {}) {
  Message notice;
  notice.sender = Sender::system;
  notice.event = event;
  notice.notice = std::move(details);
  return notice;
}

// Mon-Fri 09:00-18:00 in Taipei.
Assistant taipei_office(std::string offline_message = "") {
  Assistant assistant;
  assistant.offline_message = std::move(offline_message);
  assistant.business_hours.enabled = true;
  assistant.business_hours.timezone = "Asia/Taipei";
  for (int day = 1; day <= 5; ++day) assistant.business_hours.weekly.push_back(WeeklyRange{day, 9 * 60, 18 * 60});
  return assistant;
}

TEST(Notices, AReaderGetsOnlyTheirLanguageAndAnUnknownReaderBoth) {
  const auto handoff = notice_of(SystemEvent::handoff_requested);
  EXPECT_EQ(notice_for_reader(handoff, "zh-TW"), "已為您轉接真人客服，請稍候。");
  EXPECT_EQ(notice_for_reader(handoff, "en-US"), "Connecting you to a live agent, please wait.");
  EXPECT_EQ(notice_for_reader(handoff, "ja"), "Connecting you to a live agent, please wait.");
  EXPECT_EQ(notice_for_reader(handoff, std::nullopt),
            "已為您轉接真人客服，請稍候。\nConnecting you to a live agent, please wait.");
}

TEST(Notices, TheHandoffNoticeNamesThePlaceInTheQueue) {
  const auto handoff = notice_of(SystemEvent::handoff_requested, NoticeDetails{.queue_position = 3});
  EXPECT_EQ(notice_for_reader(handoff, "zh-TW"), "已為您轉接真人客服，請稍候。您目前排在第 3 位。");
  EXPECT_EQ(notice_for_reader(handoff, "en"),
            "Connecting you to a live agent, please wait. You are number 3 in the queue.");
}

TEST(Notices, AnAgentJoiningIsNamedWhenKnown) {
  auto joined = notice_of(SystemEvent::agent_joined);
  EXPECT_EQ(notice_for_reader(joined, "zh-TW"), "客服人員已加入對話。");
  joined.agent_name = "Mei";
  EXPECT_EQ(notice_for_reader(joined, "zh-TW"), "客服人員 Mei 已加入對話。");
  EXPECT_EQ(notice_for_reader(joined, "en"), "Mei has joined the conversation.");
}

TEST(Notices, OutsideBusinessHoursTheNoticeIsClosedWithTheNextOpening) {
  const auto friday_evening = *parse_time("2026-03-06T10:01:00.000Z");  // 18:01 in Taipei
  const auto details = notice_details(SystemEvent::no_agents_online, taipei_office("Leave a note"), friday_evening);
  EXPECT_TRUE(details.closed);
  EXPECT_FALSE(details.custom_text) << "the closed notice names the opening; the offline message does not";
  EXPECT_EQ(details.next_open_at, parse_time("2026-03-09T01:00:00.000Z"));
  EXPECT_EQ(details.time_zone, "Asia/Taipei");
  auto closed = notice_of(SystemEvent::no_agents_online, details);
  closed.created_at = friday_evening;
  EXPECT_EQ(notice_for_reader(closed, "zh-TW"), "目前為非營業時間，請留下您的訊息。我們將於週一 09:00（GMT+8）回覆");
  EXPECT_EQ(notice_for_reader(closed, "en"),
            "We are closed right now. Leave us a message. We will reply on Monday at 09:00 (GMT+8).");
  EXPECT_EQ(stored_notice_text(closed, taipei_office()), notice_for_reader(closed, "en"));
}

TEST(Notices, TheStoredTextIsEnglishAndNeverBothLanguages) {
  const auto done = notice_of(SystemEvent::conversation_done);
  EXPECT_EQ(stored_notice_text(done, Assistant{}),
            "The agent has completed this conversation; the AI assistant is back to help you.");
  const auto no_agents = notice_of(SystemEvent::no_agents_online);
  EXPECT_EQ(stored_notice_text(no_agents, Assistant{}),
            "No agent is available right now. Leave us a message and we will get back to you.");
}

TEST(Notices, AnOfflineMessageTheAdminWroteIsStoredAndShownAsWritten) {
  const Assistant assistant = taipei_office("我們已收到。\nWe got it.");
  const auto monday_morning = *parse_time("2026-03-09T02:00:00.000Z");  // 10:00 in Taipei: open
  const auto details = notice_details(SystemEvent::no_agents_online, assistant, monday_morning);
  EXPECT_TRUE(details.custom_text);
  auto offline = notice_of(SystemEvent::no_agents_online, details);
  offline.text = stored_notice_text(offline, assistant);
  EXPECT_EQ(offline.text, "我們已收到。\nWe got it.");
  EXPECT_EQ(notice_for_reader(offline, "zh-TW"), "我們已收到。\nWe got it.") << "two lines stay two lines";
  EXPECT_EQ(notice_for_reader(offline, "en"), "我們已收到。\nWe got it.");
  EXPECT_EQ(notice_for_reader(offline, std::nullopt), "我們已收到。\nWe got it.");
}

TEST(Notices, OnlyNoAgentsOnlineHasDetailsOfItsOwn) {
  const auto friday_evening = *parse_time("2026-03-06T10:01:00.000Z");
  EXPECT_EQ(notice_details(SystemEvent::agent_joined, taipei_office("x"), friday_evening), NoticeDetails{});
  EXPECT_EQ(notice_details(SystemEvent::no_agents_online, Assistant{}, friday_evening), NoticeDetails{})
      << "always open, no offline message: the default notice";
}

TEST(Notices, AMessageWithoutAnEventIsNeverRewrittenOrSplit) {
  Message message;
  message.sender = Sender::system;
  message.text = "一行\none line";
  EXPECT_EQ(notice_for_reader(message, "zh-TW"), message.text);
  EXPECT_EQ(notice_for_reader(message, "en"), message.text);
}

}  // namespace
}  // namespace baton::core
