// The LLM backend against a fake OpenAI-compatible endpoint that checks every request against
// the official API's rules: streaming answers grounded on knowledge, a handoff by tool call,
// and the built-in responder answering when the endpoint fails, stalls or has no key.
#include <cstdlib>

#include "support/fake_openai.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

constexpr const char* kKeyVariable = "BATON_LLM_TEST_KEY";
constexpr const char* kKey = "sk-test-0123456789";

class Llm : public ServerTest {
 protected:
  void SetUp() override {
    setenv(kKeyVariable, kKey, 1);  // the server process inherits it
    ServerTest::SetUp();
  }
  void TearDown() override {
    server_.reset();  // before the fake it calls
    EXPECT_EQ(fake_.problems(), std::vector<std::string>{}) << "requests the real API would reject";
  }
  std::vector<std::string> server_args() const override {
    auto args = ServerTest::server_args();
    args.insert(args.end(), {"--llm-timeout-seconds", "1", "--llm-attempts", "2"});
    return args;
  }
  // An assistant answering through the fake, with one knowledge entry.
  std::string llm_assistant(bool live_agent_enabled, const std::string& key_variable = kKeyVariable) {
    const auto assistant = new_assistant(live_agent_enabled);
    json::object patch{
        {"llm_base_url", fake_.base_url() + "/"}, {"llm_model", "gpt-test"}, {"llm_api_key_env", key_variable}};
    auto patched = http_->request("PATCH", "/api/v1/assistants/" + assistant, json::serialize(patch), admin_token());
    EXPECT_EQ(patched.status, 200) << patched.body;
    http_->post("/api/v1/assistants/" + assistant + "/knowledge",
                {{"question", "Do you ship to Japan?"}, {"answer", "Yes: Japan in 5 working days, NT$450."}},
                admin_token());
    return assistant;
  }

  FakeOpenAi fake_{kKey};
};

TEST_F(Llm, TheAnswerStreamsToTheCustomerGroundedOnKnowledge) {
  const auto assistant = llm_assistant(true);
  fake_.script({FakeReply::text({"Yes, ", "we ship ", "to Japan in 5 days."})});
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "Do you ship to Japan?");
  auto first = widget->wait_for("message.draft", [](const json::object&) { return true; });
  EXPECT_EQ(first.at("delta"), "Yes, ");
  EXPECT_EQ(first.at("offset"), 0);
  EXPECT_EQ(first.at("sender"), "ai");
  EXPECT_EQ(first.at("conversation_id"), visitor.conversation_id.c_str());
  auto message = widget->wait_for("message.created", message_from("ai")).at("message");
  EXPECT_EQ(message.at("text"), "Yes, we ship to Japan in 5 days.");
  EXPECT_FALSE(message.at("fallback").as_bool());
  EXPECT_TRUE(message.as_object().contains("knowledge_id"));

  ASSERT_EQ(fake_.requests().size(), 1u);
  const auto request = fake_.requests().front();
  EXPECT_EQ(request.at("model"), "gpt-test");
  EXPECT_TRUE(request.at("stream").as_bool());
  const auto system = std::string(request.at("messages").at(0).at("content").as_string());
  EXPECT_NE(system.find("NT$450"), std::string::npos) << "grounded on the knowledge entry";
  EXPECT_EQ(request.at("messages").as_array().back().at("content"), "Do you ship to Japan?");
  EXPECT_EQ(request.at("tools").at(0).at("function").at("name"), "transfer_to_human");
}

TEST_F(Llm, ALongAnswerIsCutToTheMessageLimitAndDraftsCarryOnlyNewText) {
  const auto assistant = llm_assistant(true);
  // 100 characters a piece, 3,000 pieces: 300,000 characters if it were all read.
  const std::string piece =
      "We ship to Japan in five working days; each parcel is insured for its full value all along the way. ";
  ASSERT_EQ(piece.size(), 100u);
  fake_.script({FakeReply::long_text(piece, 3000, std::chrono::milliseconds(2))});
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "Do you ship to Japan?");

  std::size_t draft_bytes = 0;
  std::size_t next_offset = 0;
  json::object answer;
  while (answer.empty()) {
    auto frame = widget->next(std::chrono::seconds(10));
    ASSERT_TRUE(frame) << "no answer";
    if (frame->at("type") == "message.draft") {
      draft_bytes += json::serialize(*frame).size();
      EXPECT_EQ(frame->at("offset").as_int64(), static_cast<std::int64_t>(next_offset)) << "each draft continues";
      next_offset += frame->at("delta").as_string().size();  // ASCII: bytes are characters
    } else if (frame->at("type") == "message.created" && frame->at("message").at("sender") == "ai") {
      answer = frame->at("message").as_object();
    }
  }
  const auto text = str(answer.at("text"));
  EXPECT_LE(text.size(), 4000u);
  EXPECT_GT(text.size(), 3000u);
  EXPECT_TRUE(text.ends_with("along the way.")) << "cut at a sentence end: ..." << text.substr(text.size() - 40);
  EXPECT_GT(next_offset, 0u) << "the customer saw the answer being written";
  EXPECT_LE(next_offset, 4000u) << "no draft past the message limit";
  EXPECT_LT(draft_bytes, 3 * text.size()) << "drafts are linear in the answer, not quadratic";
  const auto stored = visitor_messages(visitor);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(str(stored.back().at("text")), text);
}

TEST_F(Llm, TheModelHandsTheCustomerOverByCallingTheTool) {
  const auto assistant = llm_assistant(true);
  fake_.script({FakeReply::transfer()});
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "This is the third time my order is late. I am very upset.");
  auto update = widget->wait_for("conversation.updated", [](const json::object& frame) {
    return frame.at("conversation").at("status") == "waiting";
  });
  EXPECT_EQ(update.at("conversation").at("handoff_reason"), "ai_transfer");
}

TEST_F(Llm, NoToolIsOfferedWhenTheAssistantHasNoLiveAgents) {
  const auto assistant = llm_assistant(false);
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "Do you ship to Japan?");
  widget->wait_for("message.created", message_from("ai"));
  ASSERT_EQ(fake_.requests().size(), 1u);
  EXPECT_FALSE(fake_.requests().front().contains("tools"));
}

TEST_F(Llm, AFailingEndpointIsTriedAgainThenTheBuiltInAnswers) {
  const auto assistant = llm_assistant(true);
  fake_.script({FakeReply::failure(500), FakeReply::failure(503)});
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "Do you ship to Japan?");
  auto message = widget->wait_for("message.created", message_from("ai")).at("message");
  EXPECT_EQ(message.at("text"), "Yes: Japan in 5 working days, NT$450.");  // the built-in responder's answer
  EXPECT_EQ(fake_.requests().size(), 2u);
}

TEST_F(Llm, ARetryAfterOneFailureStillStreams) {
  const auto assistant = llm_assistant(true);
  fake_.script({FakeReply::failure(429), FakeReply::text({"Yes, to Japan."})});
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "Do you ship to Japan?");
  EXPECT_EQ(widget->wait_for("message.created", message_from("ai")).at("message").at("text"), "Yes, to Japan.");
}

TEST_F(Llm, AStalledEndpointTimesOutAndTheBuiltInAnswers) {
  const auto assistant = llm_assistant(true);
  fake_.script({FakeReply::silence(), FakeReply::silence()});
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  const auto started = std::chrono::steady_clock::now();
  send_customer(visitor, "Do you ship to Japan?");
  auto message = widget->wait_for("message.created", message_from("ai"), std::chrono::seconds(10)).at("message");
  EXPECT_EQ(message.at("text"), "Yes: Japan in 5 working days, NT$450.");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(6));  // 2 tries x 1 s + the retry pause
}

TEST_F(Llm, AMissingKeyMeansTheBuiltInAnswersAndNothingIsSent) {
  const auto assistant = llm_assistant(true, "BATON_LLM_NO_SUCH_KEY");
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "Do you ship to Japan?");
  EXPECT_EQ(widget->wait_for("message.created", message_from("ai")).at("message").at("text"),
            "Yes: Japan in 5 working days, NT$450.");
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(Llm, SettingsAreCheckedAndTheKeyItselfIsNeverStored) {
  const auto assistant = new_assistant(true);
  const std::string path = "/api/v1/assistants/" + assistant;
  for (const auto* bad : {R"({"llm_base_url": "ftp://example.com", "llm_model": "m"})",
                          R"({"llm_base_url": "https://api.example.com/v1"})", R"({"llm_model": "m"})",
                          R"({"llm_base_url": "https://x", "llm_model": "m", "llm_api_key_env": "sk-live-123"})",
                          // Only variables set aside for LLM keys: no other server secret can be sent anywhere.
                          R"({"llm_base_url": "https://x", "llm_model": "m", "llm_api_key_env": "OPENAI_API_KEY"})",
                          R"({"llm_base_url": "https://x", "llm_model": "m", "llm_api_key_env": "BATON_TEST_KEY"})"}) {
    EXPECT_EQ(http_->request("PATCH", path, bad, admin_token()).status, 400) << bad;
  }
  auto ok = http_->request("PATCH", path,
                           R"({"llm_base_url": "https://api.example.com/v1/", "llm_model": "gpt-4o-mini",
                               "llm_api_key_env": "BATON_LLM_OPENAI_KEY"})",
                           admin_token());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("llm_base_url"), "https://api.example.com/v1");
  EXPECT_EQ(ok.json().at("llm_api_key_env"), "BATON_LLM_OPENAI_KEY");
  auto off =
      http_->request("PATCH", path, R"({"llm_base_url": "", "llm_model": "", "llm_api_key_env": ""})", admin_token());
  EXPECT_EQ(off.status, 200) << off.body;
}

TEST(FakeOpenAiRules, RejectWhatTheRealApiRejects) {
  const std::string good = R"({"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": true})";
  EXPECT_TRUE(chat_request_problems("POST", "/v1/chat/completions", "application/json", "Bearer k", good, "k").empty());
  EXPECT_FALSE(
      chat_request_problems("POST", "/v1/chat/completions", "application/json", "Bearer wrong", good, "k").empty());
  for (const auto* bad : {R"({"messages": [{"role": "user", "content": "hi"}]})", R"({"model": "m", "messages": []})",
                          R"({"model": "m", "messages": [{"role": "robot", "content": "hi"}]})",
                          R"({"model": "m", "messages": [{"role": "user", "content": "hi"}], "temperature": 3})",
                          R"({"model": "m", "messages": [{"role": "user", "content": "hi"}], "colour": "red"})",
                          R"({"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream_options": {}})",
                          R"({"model": "m", "messages": [{"role": "user", "content": "hi"}],
                              "tools": [{"type": "function", "function": {"name": "has space"}}]})",
                          R"({"model": "m", "messages": [{"role": "tool", "content": "x"}]})"}) {
    EXPECT_FALSE(chat_request_problems("POST", "/v1/chat/completions", "application/json", "", bad, "").empty()) << bad;
  }
}

}  // namespace
}  // namespace baton::testing
