// The fake LINE platform must refuse what LINE refuses, or the LINE tests prove nothing: its
// rules are checked here, and, when the official spec is at hand (../shared/specs/line), the
// limits written into the fake are compared with the spec's own numbers.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/fake_line.hpp"

namespace baton::testing {
namespace {

const std::string kToken = "token-123";

std::vector<std::string> problems(const std::string& method, const std::string& path, const std::string& body,
                                  std::map<std::string, std::string> headers = {}) {
  headers.emplace("authorization", "Bearer " + kToken);
  headers.emplace("content-type", "application/json");
  return line_call_problems(method, path, headers, body, kToken);
}

const std::string kUser = "U0123456789abcdef0123456789abcdef";
const std::string kKey = "123e4567-e89b-42d3-a456-426614174000";

TEST(FakeLineRules, MarkAsReadNeedsItsTokenAndNothingElse) {
  EXPECT_TRUE(problems("POST", "/v2/bot/chat/markAsRead", R"({"markAsReadToken":"nz0x74mZT2mRn"})").empty());
  EXPECT_FALSE(problems("POST", "/v2/bot/chat/markAsRead", R"({})").empty()) << "markAsReadToken is required";
  EXPECT_FALSE(problems("POST", "/v2/bot/chat/markAsRead", R"({"markAsReadToken":7})").empty()) << "a string";
  EXPECT_FALSE(problems("POST", "/v2/bot/chat/markAsRead", R"({"markAsReadToken":"t","chatId":"U1"})").empty())
      << "an unknown field";
  EXPECT_FALSE(
      problems("POST", "/v2/bot/chat/markAsRead", R"({"markAsReadToken":"t"})", {{"content-type", "text/plain"}})
          .empty())
      << "JSON only";
  EXPECT_FALSE(line_call_problems("POST", "/v2/bot/chat/markAsRead", {{"content-type", "application/json"}},
                                  R"({"markAsReadToken":"t"})", kToken)
                   .empty())
      << "no access token";
  EXPECT_FALSE(problems("POST", "/v2/bot/message/markAsRead", R"({"markAsReadToken":"t"})").empty())
      << "the chat endpoint, not the old one by chat id";
}

TEST(FakeLineRules, QuotaReadsAreBodilessGets) {
  EXPECT_TRUE(problems("GET", "/v2/bot/message/quota", "").empty());
  EXPECT_TRUE(problems("GET", "/v2/bot/message/quota/consumption", "").empty());
  EXPECT_FALSE(problems("POST", "/v2/bot/message/quota", "{}").empty());
}

TEST(FakeLineRules, AcceptWhatBatonSendsAndRefuseWhatLineRefuses) {
  const std::string push = R"({"to":")" + kUser + R"(","messages":[{"type":"text","text":"hi"}]})";
  EXPECT_TRUE(problems("POST", "/v2/bot/message/push", push, {{"x-line-retry-key", kKey}}).empty());
  EXPECT_FALSE(problems("POST", "/v2/bot/message/push", push).empty()) << "a push without a retry key";
  EXPECT_FALSE(line_call_problems("POST", "/v2/bot/message/push",
                                  {{"content-type", "application/json"}, {"x-line-retry-key", kKey}}, push, kToken)
                   .empty())
      << "no access token";
  const std::vector<std::string> bad_replies{
      R"({"messages":[{"type":"text","text":"hi"}]})",                                           // no replyToken
      R"({"replyToken":"t","messages":[]})",                                                     // minItems 1
      R"({"replyToken":"t","messages":[{"type":"text","text":"1"},{"type":"text","text":"2"},{"type":"text","text":"3"},
          {"type":"text","text":"4"},{"type":"text","text":"5"},{"type":"text","text":"6"}]})",  // maxItems 5
      R"({"replyToken":"t","messages":[{"type":"text","text":""}]})",
      R"({"replyToken":"t","messages":[{"type":"text","text":"hi","colour":"red"}]})",
      R"({"replyToken":"t","messages":[{"type":"text","text":"hi","sender":{"name":"LINE support"}}]})",
      R"({"replyToken":"t","messages":[{"type":"text","text":"hi","quickReply":{"items":[{"type":"action",
          "action":{"type":"postback","label":"A label far longer than twenty","data":"x"}}]}}]})",
      R"({"replyToken":"t","messages":[{"type":"text","text":"hi","quickReply":{"items":[]}}]})",
      R"({"replyToken":"t","messages":[{"type":"text","text":")" + std::string(5001, 'a') + R"("}]})"};
  for (const auto& body : bad_replies) EXPECT_FALSE(problems("POST", "/v2/bot/message/reply", body).empty()) << body;
  EXPECT_TRUE(problems("POST", "/v2/bot/message/reply",
                       R"({"replyToken":"t","messages":[{"type":"text","text":")" + std::string(5000, 'a') + R"("}]})")
                  .empty());
  EXPECT_FALSE(
      problems("POST", "/v2/bot/chat/loading/start", R"({"chatId":")" + kUser + R"(","loadingSeconds":7})").empty());
  EXPECT_FALSE(
      problems("POST", "/v2/bot/chat/loading/start", R"({"chatId":")" + kUser + R"(","loadingSeconds":65})").empty());
  EXPECT_TRUE(
      problems("POST", "/v2/bot/chat/loading/start", R"({"chatId":")" + kUser + R"(","loadingSeconds":20})").empty());
  EXPECT_FALSE(problems("GET", "/v2/bot/profile/../admin", "").empty());
  EXPECT_FALSE(problems("POST", "/v2/bot/richmenu", R"({"size":{"width":2500,"height":843},"selected":true,"name":"m",
      "chatBarText":"This chat bar text is too long","areas":[]})")
                   .empty());
  EXPECT_FALSE(problems("POST", "/v2/bot/richmenu", R"({"size":{"width":2500,"height":843},"selected":true,"name":"m",
      "chatBarText":"Menu","areas":[{"bounds":{"x":0,"y":0,"width":2600,"height":843},
      "action":{"type":"postback","data":"action=live_agent"}}]})")
                   .empty())
      << "an area outside the menu";
  EXPECT_FALSE(problems("DELETE", "/v2/bot/anything", "").empty());
}

// The value of `key` under `property` of schema `schema` in the spec's components (a plain
// reading of the YAML's indentation, enough for these numbers).
std::optional<long> spec_number(const std::string& yaml, const std::string& schema, const std::string& property,
                                const std::string& key) {
  auto at = yaml.find("\n    " + schema + ":\n");
  if (at == std::string::npos) return std::nullopt;
  const auto prop = yaml.find("\n        " + property + ":\n", at);
  if (prop == std::string::npos) return std::nullopt;
  const auto value = yaml.find(key + ": ", prop);
  if (value == std::string::npos || value - prop > 600) return std::nullopt;
  return std::stol(yaml.substr(value + key.size() + 2));
}

TEST(FakeLineRules, TheLimitsMatchTheOfficialSpec) {
  std::ifstream file(std::string(BATON_SOURCE_DIR) + "/../shared/specs/line/messaging-api.yml");
  if (!file) GTEST_SKIP() << "../shared/specs/line is not here (a fresh clone): the limits were copied from it";
  std::stringstream text;
  text << file.rdbuf();
  const auto yaml = text.str();
  EXPECT_EQ(spec_number(yaml, "PushMessageRequest", "messages", "maxItems"), 5);
  EXPECT_EQ(spec_number(yaml, "ReplyMessageRequest", "messages", "maxItems"), 5);
  EXPECT_EQ(spec_number(yaml, "QuickReply", "items", "maxItems"), 13);
  EXPECT_EQ(spec_number(yaml, "Sender", "name", "maxLength"), 20);
  EXPECT_EQ(spec_number(yaml, "ShowLoadingAnimationRequest", "loadingSeconds", "minimum"), 5);
  EXPECT_EQ(spec_number(yaml, "ShowLoadingAnimationRequest", "loadingSeconds", "maximum"), 60);
  EXPECT_EQ(spec_number(yaml, "RichMenuRequest", "chatBarText", "maxLength"), 14);
  EXPECT_EQ(spec_number(yaml, "RichMenuRequest", "name", "maxLength"), 300);
}

}  // namespace
}  // namespace baton::testing
