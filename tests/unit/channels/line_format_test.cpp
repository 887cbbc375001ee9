// LINE's formats: Baton's messages cut to LINE's limits, and webhook bodies read into events.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "channels/line/line_events.hpp"
#include "channels/line/line_messages.hpp"

namespace baton::channels::line {
namespace {
namespace json = boost::json;

TEST(LineMessages, TextIsCutWithinLimitsNeverInsideACharacter) {
  EXPECT_EQ(utf16_units("abc"), 3u);
  EXPECT_EQ(utf16_units("台北"), 2u);
  EXPECT_EQ(utf16_units("😀"), 2u);  // outside the BMP: a surrogate pair
  std::string emoji;
  for (int i = 0; i < 3; ++i) emoji += "😀";
  const auto pieces = split_text(emoji, 3);
  ASSERT_EQ(pieces.size(), 3u);
  for (const auto& piece : pieces) EXPECT_EQ(piece, "😀");
  EXPECT_EQ(split_text("hello world again", 12), (std::vector<std::string>{"hello world ", "again"}));
  EXPECT_TRUE(split_text("").empty());
}

TEST(LineMessages, AiAnswersOfferTheLiveAgentButtonAndAgentsSignTheirMessages) {
  core::Message ai;
  ai.sender = core::Sender::ai;
  ai.text = "We ship in 24 hours.";
  const auto offered = line_messages_for(ai, true);
  ASSERT_EQ(offered.size(), 1u);
  const auto& action = offered[0].at("quickReply").at("items").as_array()[0].at("action");
  EXPECT_EQ(action.at("data"), "action=live_agent");
  EXPECT_FALSE(line_messages_for(ai, false)[0].as_object().contains("quickReply"));

  core::Message agent;
  agent.sender = core::Sender::agent;
  agent.text = "Hi, this is Mei.";
  agent.agent_name = "Mei Chen from the customer care team";
  const auto signed_message = line_messages_for(agent, true);
  EXPECT_EQ(signed_message[0].at("sender").at("name"), "Mei Chen from the cu");  // 20 characters
  EXPECT_FALSE(signed_message[0].as_object().contains("quickReply"));
  core::Message notice;
  notice.sender = core::Sender::system;
  notice.text = "客服人員已加入對話。\nAn agent has joined the conversation.";
  EXPECT_EQ(line_messages_for(notice, true, "zh-TW")[0].at("text"), "客服人員已加入對話。");
  EXPECT_EQ(line_messages_for(notice, true, "ja")[0].at("text"), "An agent has joined the conversation.");
  EXPECT_EQ(line_messages_for(notice, true)[0].at("text"), notice.text.c_str()) << "language unknown: both";
  agent.agent_name = "LINE helper";
  EXPECT_FALSE(line_messages_for(agent, false)[0].as_object().contains("sender")) << "LINE refuses its own name";
}

json::array events(const std::string& text) { return json::parse(text).as_array(); }

constexpr const char* kUser = "U0123456789abcdef0123456789abcdef";

TEST(LineEvents, ReadsWhatCustomersDoAndIgnoresTheRest) {
  const std::string user = kUser;
  auto parsed = parse_line_events(events(R"([
    {"type":"message","mode":"active","webhookEventId":"e1","replyToken":"r1","source":{"type":"user","userId":")" +
                                         user + R"("},
     "message":{"id":"1","type":"text","text":"hi"}},
    {"type":"postback","mode":"active","webhookEventId":"e2","replyToken":"r2","source":{"type":"user","userId":")" +
                                         user + R"("},
     "postback":{"data":"source=menu&action=live_agent"}},
    {"type":"follow","mode":"active","webhookEventId":"e3","replyToken":"r3","source":{"type":"user","userId":")" +
                                         user + R"("}},
    {"type":"message","mode":"active","webhookEventId":"e4","source":{"type":"group","groupId":"G1","userId":")" +
                                         user + R"("},
     "message":{"id":"2","type":"text","text":"group chat"}},
    {"type":"message","mode":"standby","webhookEventId":"e5","source":{"type":"user","userId":")" +
                                         user + R"("},
     "message":{"id":"3","type":"text","text":"standby"}},
    {"type":"message","mode":"active","webhookEventId":"e6","source":{"type":"user","userId":"../../admin"},
     "message":{"id":"4","type":"text","text":"forged id"}},
    {"type":"postback","mode":"active","webhookEventId":"e7","source":{"type":"user","userId":")" +
                                         user + R"("},
     "postback":{"data":"action=live_agentx"}},
    {"type":"beacon","mode":"active","webhookEventId":"e8","source":{"type":"user","userId":")" +
                                         user + R"("}},
    "not an event"
  ])"));
  ASSERT_EQ(parsed.events.size(), 3u);
  EXPECT_EQ(parsed.ignored, 6);
  EXPECT_EQ(parsed.events[0].kind, app::LineEvent::Kind::text);
  EXPECT_EQ(parsed.events[0].text, "hi");
  EXPECT_EQ(parsed.events[0].reply_token, "r1");
  EXPECT_EQ(parsed.events[1].kind, app::LineEvent::Kind::live_agent);
  EXPECT_EQ(parsed.events[2].kind, app::LineEvent::Kind::follow);
}

TEST(LineEvents, MediaBecomeReadablePlaceholders) {
  const std::string user = kUser;
  auto message = [&](const std::string& body) {
    auto parsed =
        parse_line_events(events(R"([{"type":"message","webhookEventId":"e","source":{"type":"user","userId":")" +
                                 user + R"("},"message":)" + body + "}]"));
    return parsed.events.at(0);
  };
  const auto video = message(R"({"id":"9","type":"video","duration":75000,"contentProvider":{"type":"line"}})");
  EXPECT_EQ(video.text, "[Video, 1:15]");
  EXPECT_EQ(video.attachment_kind, core::AttachmentKind::video);
  const auto external =
      message(R"({"id":"9","type":"image","contentProvider":{"type":"external","originalContentUrl":"https://x"}})");
  EXPECT_EQ(external.text, "[Photo]");
  EXPECT_FALSE(external.attachment_kind) << "only files LINE keeps are fetched";
  EXPECT_EQ(message(R"({"id":"9","type":"file","fileName":"a.zip","fileSize":3145728})").text,
            "[File: a.zip (3.0 MB)]");
  EXPECT_EQ(message(R"({"id":"9","type":"sticker","packageId":"1","stickerId":"2"})").text, "[Sticker]");
  EXPECT_EQ(message(R"({"id":"9","type":"audio","duration":8000})").text, "[Voice message, 0:08]");
}

}  // namespace
}  // namespace baton::channels::line
