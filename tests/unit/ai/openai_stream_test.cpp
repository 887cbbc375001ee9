// Reading a streamed chat completion: Server-Sent Events cut anywhere, chunks put back together
// into text and tool calls, errors reported.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "ai/openai/chat_stream.hpp"
#include "ai/openai/openai_responder.hpp"
#include "ai/openai/sse_parser.hpp"

namespace baton::ai::openai {
namespace {

TEST(SseParser, EventsSurviveBeingCutAnywhere) {
  const std::string stream =
      ": keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\nevent: x\ndata: line one\ndata: line two\n\ndata: [DONE]\n\n";
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    std::vector<std::string> events;
    SseParser parser([&](std::string_view data) { events.emplace_back(data); });
    parser.feed(std::string_view(stream).substr(0, cut));
    parser.feed(std::string_view(stream).substr(cut));
    ASSERT_EQ(events, (std::vector<std::string>{"{\"a\":1}", "line one\nline two", "[DONE]"})) << "cut at " << cut;
  }
}

TEST(ChatStream, PutsTextAndToolCallsBackTogether) {
  ChatStream stream;
  EXPECT_EQ(*stream.add(R"({"choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]})"), "Hel");
  EXPECT_EQ(*stream.add(R"({"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]})"), "lo");
  EXPECT_TRUE(stream.add(R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","type":"function",
      "function":{"name":"transfer_to_human","arguments":"{\"re"}}]}}]})"));
  EXPECT_TRUE(stream.add(
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ason\":\"x\"}"}}]}}]})"));
  EXPECT_TRUE(stream.add(R"({"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})"));
  EXPECT_TRUE(stream.add(R"({"choices":[],"usage":{"total_tokens":9}})"));
  EXPECT_TRUE(stream.add("[DONE]"));
  EXPECT_TRUE(stream.done());
  EXPECT_EQ(stream.text(), "Hello");
  EXPECT_EQ(stream.finish_reason(), "tool_calls");
  ASSERT_EQ(stream.tool_calls().size(), 1u);
  EXPECT_EQ(stream.tool_calls().at(0).name, "transfer_to_human");
  EXPECT_EQ(stream.tool_calls().at(0).arguments, R"({"reason":"x"})");
}

TEST(ChatStream, ReportsErrorsAndGarbage) {
  ChatStream stream;
  EXPECT_FALSE(stream.add("not json"));
  EXPECT_FALSE(stream.add(R"({"error":{"message":"rate limited"}})"));
}

TEST(ChatRequest, CarriesTheModelGroundingHistoryAndTheTool) {
  core::Assistant assistant;
  assistant.name = "Shop";
  assistant.live_agent_enabled = true;
  assistant.llm = {"http://127.0.0.1:1/v1", "gpt-test", ""};
  core::Message earlier;
  earlier.sender = core::Sender::customer;
  earlier.text = "hello";
  const std::vector<core::Message> history{earlier};
  core::KnowledgeEntry entry;
  entry.question = "Do you ship to Japan?";
  entry.answer = "Yes, NT$450.";
  const auto body = boost::json::parse(chat_request_body(Question{assistant, "and to Korea?", history}, {entry}, 12));
  EXPECT_EQ(body.at("model"), "gpt-test");
  EXPECT_TRUE(body.at("stream").as_bool());
  const auto& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_NE(std::string(messages[0].at("content").as_string()).find("Yes, NT$450."), std::string::npos);
  EXPECT_EQ(messages[1].at("role"), "user");
  EXPECT_EQ(messages[2].at("content"), "and to Korea?");
  EXPECT_EQ(body.at("tools").at(0).at("function").at("name"), "transfer_to_human");
}

TEST(OpenAiResponder, AStoredKeyVariableOutsideBatonLlmIsNeverRead) {
  builtin::BuiltinResponder builtin;
  std::vector<std::string> read;
  OpenAiResponder responder(builtin, LlmOptions{}, [&read](const std::string& name) -> std::optional<std::string> {
    read.push_back(name);
    return "top-secret";
  });
  core::Assistant assistant;
  assistant.id = "asst_old";
  // As a value stored before the rule: port 1 refuses, so nothing could be sent anyway.
  assistant.llm = {"http://127.0.0.1:1/v1", "gpt-test", "SECRET_FOR_TEST"};
  const std::vector<core::Message> history;
  const auto reply = responder.respond(Question{assistant, "hello", history});
  EXPECT_EQ(read, std::vector<std::string>{});
  EXPECT_EQ(reply.kind, ReplyKind::fallback) << "the built-in responder answers";
}

}  // namespace
}  // namespace baton::ai::openai
