// LINE, first part: connecting an assistant (credentials stored, never shown) and the webhook's
// signature check (401 for a bad or missing X-Line-Signature, 200 for LINE's Verify call).
#include "support/fake_line.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

constexpr const char* kSecret = "8f1c2e4b6a7d9e0f1a2b3c4d5e6f7a8b";
constexpr const char* kToken = "XvY3ab0dBfG5hJkLmN7pQrStUvWxYz01234567890abcdefghij+/=";

class LineChannel : public ServerTest {
 protected:
  std::string connect(const std::string& assistant) {
    auto reply = http_->request(
        "PUT", "/api/v1/assistants/" + assistant + "/channels/line",
        json::serialize(json::object{{"channel_secret", kSecret}, {"channel_access_token", kToken}}), admin_token());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.body;
  }
  Reply webhook(const std::string& assistant, const std::string& body, const std::string& signature) {
    std::map<std::string, std::string> headers;
    if (!signature.empty()) headers["X-Line-Signature"] = signature;
    return http_->request("POST", "/webhooks/line/" + assistant, body, {}, headers);
  }
};

TEST_F(LineChannel, ConnectingGivesTheWebhookUrlAndNeverShowsTheCredentials) {
  const auto assistant = new_assistant(true);
  const auto body = connect(assistant);
  EXPECT_NE(body.find("/webhooks/line/" + assistant), std::string::npos) << body;
  auto shown = http_->get("/api/v1/assistants/" + assistant + "/channels/line", admin_token());
  ASSERT_EQ(shown.status, 200);
  EXPECT_TRUE(shown.json().at("connected").as_bool());
  EXPECT_EQ(shown.body.find(kSecret), std::string::npos);
  EXPECT_EQ(shown.body.find("XvY3ab0d"), std::string::npos);
  EXPECT_EQ(http_->get("/api/v1/assistants/" + assistant, admin_token()).body.find(kSecret), std::string::npos);
}

TEST_F(LineChannel, OnlyAdminsConnectAndBadCredentialsAreRefused) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ken");
  const std::string path = "/api/v1/assistants/" + assistant + "/channels/line";
  const std::string good = json::serialize(json::object{{"channel_secret", kSecret}, {"channel_access_token", kToken}});
  EXPECT_EQ(http_->request("PUT", path, good, agent).status, 403);
  EXPECT_EQ(
      http_->request("PUT", path, R"({"channel_secret": "short", "channel_access_token": "also short"})", admin_token())
          .status,
      400);
  EXPECT_EQ(
      http_->request("PUT", path, R"({"channel_secret": "8f1c2e4b6a7d9e0f1a2b3c4d5e6f7a8b"})", admin_token()).status,
      400);
  EXPECT_EQ(http_->request("PUT", "/api/v1/assistants/asst_nope/channels/line", good, admin_token()).status, 404);
  EXPECT_FALSE(http_->get(path, agent).json().at("connected").as_bool());
}

TEST_F(LineChannel, TheWebhookAcceptsOnlyBodiesSignedWithTheChannelSecret) {
  const auto assistant = new_assistant(true);
  const std::string verify = R"({"destination":"Uxxxxxxxx","events":[]})";
  EXPECT_EQ(webhook(assistant, verify, line_signature(kSecret, verify)).status, 404);  // not connected yet
  connect(assistant);
  EXPECT_EQ(webhook(assistant, verify, line_signature(kSecret, verify)).status, 200);  // LINE's Verify call
  EXPECT_EQ(webhook(assistant, verify, "").status, 401);
  EXPECT_EQ(webhook(assistant, verify, line_signature("another-secret-0123456789", verify)).status, 401);
  EXPECT_EQ(webhook(assistant, verify + " ", line_signature(kSecret, verify)).status, 401);  // body changed
  const std::string broken = R"({"destination":"U1"})";
  EXPECT_EQ(webhook(assistant, broken, line_signature(kSecret, broken)).status, 400);
  EXPECT_EQ(webhook("asst_nope", verify, line_signature(kSecret, verify)).status, 404);
}

}  // namespace
}  // namespace baton::testing
