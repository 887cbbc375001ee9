// A stand-in for an OpenAI-compatible chat-completions endpoint on 127.0.0.1: it checks every
// request against the rules of the official API (../shared/specs/openai/openapi.yaml,
// CreateChatCompletionRequest), records what it got, and answers as the test scripts it:
// a streamed text, a transfer_to_human tool call, a failure status, or silence.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_server.hpp"

namespace baton::testing {

struct FakeReply {
  enum class Kind { stream_text, tool_call, fail, stall };
  Kind kind = Kind::stream_text;
  std::vector<std::string> pieces{"OK"};   // stream_text: the text, piece by piece
  int status = 500;                        // fail
  std::chrono::milliseconds stall{10000};  // stall: silent this long, then closes
  std::chrono::milliseconds pause{30};     // stream_text: between pieces

  static FakeReply text(std::vector<std::string> pieces) { return {Kind::stream_text, std::move(pieces)}; }
  static FakeReply transfer() { return {Kind::tool_call, {}}; }
  static FakeReply failure(int status) { return {Kind::fail, {}, status}; }
  static FakeReply silence() { return {Kind::stall, {}}; }
};

// The rules the fake checks a request against; each broken rule is one line.
std::vector<std::string> chat_request_problems(const std::string& method, const std::string& target,
                                               const std::string& content_type, const std::string& authorization,
                                               const std::string& body, const std::string& expected_key);

class FakeOpenAi {
 public:
  explicit FakeOpenAi(std::string expected_key = {});
  ~FakeOpenAi();

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/v1"; }
  // Replies for the next requests, in order; once used up, every request gets text("OK").
  void script(std::vector<FakeReply> replies);
  std::vector<boost::json::object> requests() const;
  std::vector<std::string> problems() const;

  struct State;  // shared with the connections being answered

 private:
  std::shared_ptr<State> state_;
  LoopbackServer server_;  // after state_: its connections use it
};

}  // namespace baton::testing
