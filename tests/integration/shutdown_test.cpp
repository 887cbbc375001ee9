// SIGTERM ends the server within 2 s whatever its peers do: a LINE platform that takes a call
// and never answers, and a language model that stops mid-answer with the connection open. The
// outbox is durable, so the LINE message cut off is neither lost nor counted as a failed try:
// it goes out after the next start.
#include "support/fake_line.hpp"
#include "support/fake_openai.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

constexpr const char* kSecret = "3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e1b";
constexpr const char* kToken = "ChannelAccessToken0123456789abcdefghijklmnopqrstuvwxyz+/=";
constexpr const char* kShippingAnswer = "Orders ship within 24 hours from our Taipei warehouse.";
constexpr std::chrono::seconds kPromptExit{2};

// Built before the server and gone after it: the server never outlives the peers it calls.
class ShutdownPeers {
 protected:
  FakeLine line_{kSecret, kToken};
  FakeOpenAi llm_;
};

class Shutdown : public ShutdownPeers, public ServerTest {
 protected:
  std::vector<std::string> server_args() const override {
    auto args = ServerTest::server_args();
    for (const char* option : {"--line-api-base", "--line-data-api-base"}) {
      args.push_back(option);
      args.push_back(line_.api_base());
    }
    // Timeouts far longer than the exit may take: only cancellation can end the calls in time.
    args.insert(args.end(), {"--llm-timeout-seconds", "60"});
    return args;
  }

  void TearDown() override {
    server_.reset();
    for (const auto& problem : line_.problems()) ADD_FAILURE() << "LINE would refuse: " << problem;
  }

  void restart() {
    server_->kill_and_restart();  // stopped already: only starts it again
    http_ = std::make_unique<HttpClient>(server_->port());
  }

  std::string line_assistant() {
    const auto assistant = new_assistant(true);
    add_knowledge(assistant, "How fast do you ship?", kShippingAnswer);
    auto connected = http_->request(
        "PUT", "/api/v1/assistants/" + assistant + "/channels/line",
        json::serialize(json::object{{"channel_secret", kSecret}, {"channel_access_token", kToken}}), admin_token());
    EXPECT_EQ(connected.status, 200) << connected.body;
    return assistant;
  }

  std::string llm_assistant() {
    const auto assistant = new_assistant(true);
    json::object patch{{"llm_base_url", llm_.base_url()}, {"llm_model", "gpt-test"}};
    auto patched = http_->request("PATCH", "/api/v1/assistants/" + assistant, json::serialize(patch), admin_token());
    EXPECT_EQ(patched.status, 200) << patched.body;
    return assistant;
  }

  // The AI's answer to the LINE customer, as the console sees it.
  json::object line_answer(const std::string& assistant) {
    auto list = http_->get("/api/v1/conversations?assistant_id=" + assistant, admin_token()).json();
    const auto& conversations = list.at("conversations").as_array();
    if (conversations.empty()) return {};
    for (const auto& message : messages(str(conversations.front().at("id")), admin_token())) {
      if (message.at("sender") == "ai") return message;
    }
    return {};
  }

  void deliver(const std::string& assistant, const json::object& event) {
    const auto body = line_.webhook_body({event});
    auto reply =
        http_->request("POST", "/webhooks/line/" + assistant, body, {}, {{"X-Line-Signature", line_.sign(body)}});
    ASSERT_EQ(reply.status, 200) << reply.body;
  }
};

TEST_F(Shutdown, SigtermEndsTheServerWithin2sWhileLineAndTheLlmHangAndTheLineMessageGoesOutLater) {
  // LINE takes the answer's reply call and never answers it.
  const auto on_line = line_assistant();
  line_.set_stalled(true, "/v2/bot/message/");
  const auto user = line_user_id(1);
  deliver(on_line, line_.text_event(user, "How fast do you ship?"));
  ASSERT_TRUE(line_.wait_for_stalled(1)) << "the answer never reached LINE";

  // The model starts its answer, then hangs with the connection open.
  const auto on_web = llm_assistant();
  llm_.script({FakeReply::hang_after({"Yes, we ship "}, std::chrono::seconds(60))});
  auto visitor = new_visitor(on_web);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "Do you ship to Japan?");
  widget->wait_for("message.draft", [](const json::object&) { return true; });

  const auto exit = server_->terminate(std::chrono::seconds(10));
  EXPECT_TRUE(exit.in_time) << "still running 10 s after SIGTERM";
  EXPECT_LT(exit.took, kPromptExit) << "took " << exit.took.count() << " ms";
  EXPECT_EQ(exit.code, 0);

  // The next start sends the message again (LINE still hangs): it is pending, and the call cut
  // off left no error behind (it was not counted as a failed try). It stops as promptly.
  restart();
  ASSERT_TRUE(line_.wait_for_stalled(2)) << "the pending message was not sent again at start";
  const auto pending = line_answer(on_line);
  ASSERT_FALSE(pending.empty());
  EXPECT_EQ(pending.at("delivery").at("status"), "pending");
  EXPECT_FALSE(pending.at("delivery").as_object().contains("error")) << pending.at("delivery");
  EXPECT_TRUE(visitor_messages(visitor).size() == 1u) << "the cut-off LLM answer is not sent";
  const auto second = server_->terminate(std::chrono::seconds(10));
  EXPECT_LT(second.took, kPromptExit) << "took " << second.took.count() << " ms";
  EXPECT_EQ(second.code, 0);

  // LINE is back: the message goes out (by the reply token, still fresh).
  line_.set_stalled(false);
  restart();
  ASSERT_TRUE(line_.wait_for([&](const std::vector<LineCall>& calls) {
    return std::any_of(calls.begin(), calls.end(), [](const LineCall& call) {
      return call.path.starts_with("/v2/bot/message/") && call.status == 200;
    });
  }));
  EXPECT_EQ(line_.texts_to(user), std::vector<std::string>{kShippingAnswer});
}

}  // namespace
}  // namespace baton::testing
