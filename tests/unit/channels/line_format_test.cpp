// LINE's formats: Baton's messages cut to LINE's limits, and webhook bodies read into events.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "channels/line/line_events.hpp"
#include "channels/line/line_messages.hpp"
#include "core/text.hpp"

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

TEST(LineMessages, AnAgentsPictureIsAnImageMessageAndOtherFilesALink) {
  core::Message message;
  message.sender = core::Sender::agent;
  message.agent_name = "Mei";
  message.attachment = core::Attachment{};
  auto& file = *message.attachment;
  file.id = "att_1";
  file.kind = core::AttachmentKind::image;
  file.content_type = "image/jpeg";
  file.preview_type = "image/jpeg";
  file.status = core::AttachmentStatus::ready;
  file.file_name = "manual.jpg";
  const FileUrlFn urls = [](const core::Attachment& a, bool preview) {
    return "https://x.example/files/" + a.id + (preview ? "p" : "o");
  };
  const auto image = line_messages_for(message, false, std::nullopt, urls);
  ASSERT_EQ(image.size(), 1u) << "no empty text beside the picture";
  EXPECT_EQ(image[0].at("type"), "image");
  EXPECT_EQ(image[0].at("originalContentUrl"), "https://x.example/files/att_1o");
  EXPECT_EQ(image[0].at("previewImageUrl"), "https://x.example/files/att_1p");
  EXPECT_EQ(image[0].at("sender").at("name"), "Mei");

  file.kind = core::AttachmentKind::file;
  file.content_type = "application/pdf";
  file.preview_type.clear();
  file.file_name = "guide.pdf";
  message.text = "Here is the guide";
  const auto link = line_messages_for(message, false, std::nullopt, urls);
  ASSERT_EQ(link.size(), 2u);
  EXPECT_EQ(link[0].at("text"), "Here is the guide");
  EXPECT_EQ(link[1].at("text"), "📎 guide.pdf\nhttps://x.example/files/att_1o");

  file.status = core::AttachmentStatus::expired;
  EXPECT_EQ(line_messages_for(message, false, std::nullopt, urls).size(), 1u) << "an expired file is not linked";
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
  agent.agent_name = "LINE helper";
  EXPECT_FALSE(line_messages_for(agent, false)[0].as_object().contains("sender")) << "LINE refuses its own name";
}

TEST(LineMessages, ANoticeIsRenderedFromItsEventInTheContactsLanguage) {
  core::Message notice;
  notice.sender = core::Sender::system;
  notice.event = core::SystemEvent::agent_joined;
  notice.text = "An agent has joined the conversation.";
  EXPECT_EQ(line_messages_for(notice, true, "zh-TW")[0].at("text"), "客服人員已加入對話。");
  EXPECT_EQ(line_messages_for(notice, true, "ja")[0].at("text"), "An agent has joined the conversation.");
  EXPECT_EQ(line_messages_for(notice, true)[0].at("text"),
            "客服人員已加入對話。\nAn agent has joined the conversation.")
      << "language unknown: both, Chinese first";
  // A notice stored before, as "中文\nEnglish", renders from its event too.
  notice.text = "客服人員已加入對話。\nAn agent has joined the conversation.";
  EXPECT_EQ(line_messages_for(notice, true, "en")[0].at("text"), "An agent has joined the conversation.");
}

TEST(LineMessages, TwoLinesAnAdminWroteStayTwoLinesInEveryLanguage) {
  core::Message offline;
  offline.sender = core::Sender::system;
  offline.event = core::SystemEvent::no_agents_online;
  offline.notice.custom_text = true;
  offline.text = "週末休息。\nClosed at weekends.";
  EXPECT_EQ(line_messages_for(offline, false, "zh-TW")[0].at("text"), offline.text.c_str());
  EXPECT_EQ(line_messages_for(offline, false, "en")[0].at("text"), offline.text.c_str());
  EXPECT_EQ(line_messages_for(offline, false)[0].at("text"), offline.text.c_str());
  core::Message agent;
  agent.sender = core::Sender::agent;
  agent.text = "第一行\nsecond line";
  EXPECT_EQ(line_messages_for(agent, false, "zh-TW")[0].at("text"), agent.text.c_str());
}

json::array events(const std::string& text) { return json::parse(text).as_array(); }

constexpr const char* kUser = "U0123456789abcdef0123456789abcdef";

TEST(LineEvents, ReadsWhatCustomersDoAndIgnoresTheRest) {
  const std::string user = kUser;
  auto parsed = parse_line_events(events(R"([
    {"type":"message","mode":"active","webhookEventId":"e1","timestamp":1767225600000,"replyToken":"r1","source":{"type":"user","userId":")" +
                                         user + R"("},
     "message":{"id":"1","type":"text","text":"hi"}},
    {"type":"postback","mode":"active","webhookEventId":"e2","timestamp":1767225600000,"replyToken":"r2","source":{"type":"user","userId":")" +
                                         user + R"("},
     "postback":{"data":"source=menu&action=live_agent"}},
    {"type":"follow","mode":"active","webhookEventId":"e3","timestamp":1767225600000,"replyToken":"r3","source":{"type":"user","userId":")" +
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
    auto parsed = parse_line_events(events(
        R"([{"type":"message","webhookEventId":"e","timestamp":1767225600000,"source":{"type":"user","userId":")" +
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

// One signed message event carrying `message` (JSON), as LINE would post it.
ParsedEvents message_event(const std::string& message, const std::string& extra = R"("timestamp":1767225600000)") {
  return parse_line_events(events(R"([{"type":"message","mode":"active","webhookEventId":"e",)" + extra +
                                  R"(,"source":{"type":"user","userId":")" + std::string(kUser) + R"("},"message":)" +
                                  message + "}]"));
}

std::size_t characters(const std::string& text) { return static_cast<std::size_t>(core::utf8_length(text)); }

TEST(LineEvents, SignedEventsAreHeldToTheTextRules) {
  const std::string long_title(5000, 'T');
  std::string long_address;
  for (int i = 0; i < 5000; ++i) long_address += "路";
  const auto location = message_event(R"({"id":"1","type":"location","title":")" + long_title + R"(","address":")" +
                                      long_address + R"(","latitude":1e308,"longitude":-1e308})");
  ASSERT_EQ(location.events.size(), 1u);
  EXPECT_LE(characters(location.events[0].text), core::kMaxMessageChars);
  EXPECT_NE(location.events[0].text.find("(90.00000, -180.00000)"), std::string::npos) << "clamped coordinates";

  const auto unknown = message_event(R"({"id":"2","type":")" + std::string(20000, 'x') + R"("})");
  ASSERT_EQ(unknown.events.size(), 1u);
  EXPECT_LE(characters(unknown.events[0].text), 60u);

  const auto text = message_event(R"({"id":"3","type":"text","text":")" + long_address + R"("})");
  EXPECT_EQ(characters(text.events.at(0).text), core::kMaxMessageChars);
  EXPECT_EQ(message_event(R"({"id":"4","type":"text","text":"a\u0000b\u0007c\u007f\nd"})").events.at(0).text, "abc\nd");
  EXPECT_TRUE(message_event(R"({"id":"5","type":"text","text":"\u0001\u0002"})").events.empty())
      << "nothing but control characters: nothing to store";
}

TEST(LineEvents, OutOfRangeNumbersAreClampedBeforeAnyConversion) {
  // Each of these was undefined behaviour (a double out of the integer's range); UBSan runs
  // these tests in the asan preset.
  const auto huge_file = message_event(R"({"id":"9","type":"file","fileName":"a.pdf","fileSize":1e308})");
  ASSERT_EQ(huge_file.events.size(), 1u);
  EXPECT_GT(huge_file.events[0].file_size, 0);
  EXPECT_LE(huge_file.events[0].file_size, std::int64_t{1'000'000'000'000});
  EXPECT_LE(characters(huge_file.events[0].text), 40u);
  const auto negative_file = message_event(R"({"id":"9","type":"file","fileName":"a.pdf","fileSize":-1e308})");
  EXPECT_EQ(negative_file.events.at(0).file_size, 0);
  for (const char* duration : {"1e308", "-1e308", "18446744073709551615", "-9223372036854775808"}) {
    const auto video = message_event(R"({"id":"9","type":"video","duration":)" + std::string(duration) + "}");
    ASSERT_EQ(video.events.size(), 1u) << duration;
    EXPECT_EQ(video.events[0].text.find('-'), std::string::npos) << video.events[0].text;
  }
  const auto far_future = message_event(R"({"id":"9","type":"text","text":"hi"})", R"("timestamp":1e308)");
  EXPECT_EQ(far_future.events.size(), 1u);
}

TEST(LineEvents, AnEventWithoutATimestampIsIgnored) {
  EXPECT_EQ(message_event(R"({"id":"1","type":"text","text":"hi"})", R"("x":1)").ignored, 1);
  EXPECT_EQ(message_event(R"({"id":"1","type":"text","text":"hi"})", R"("timestamp":"yesterday")").ignored, 1);
  const auto parsed = message_event(R"({"id":"1","type":"text","text":"hi"})", R"("timestamp":1767225600123)");
  ASSERT_EQ(parsed.events.size(), 1u);
  EXPECT_EQ(parsed.events[0].timestamp.time_since_epoch(), std::chrono::milliseconds(1767225600123));
}

}  // namespace
}  // namespace baton::channels::line
