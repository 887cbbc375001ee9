// A stand-in for an OpenAI-compatible chat-completions endpoint on 127.0.0.1: it checks every
// request against the rules of the official API (../shared/specs/openai/openapi.yaml,
// CreateChatCompletionRequest), records what it got, and answers as the test scripts it:
// a streamed text (as long as asked), a transfer_to_human tool call, a failure status, silence,
// or a stream that stops mid-answer and stays open.
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
  enum class Kind { stream_text, tool_call, fail, stall, stream_then_stall };
  Kind kind = Kind::stream_text;
  std::vector<std::string> pieces{"OK"};   // stream_text: the text, piece by piece
  int status = 500;                        // fail
  std::chrono::milliseconds stall{10000};  // stall, stream_then_stall: silent this long, then closes
  std::chrono::milliseconds pause{30};     // stream_text, stream_then_stall: between pieces

  static FakeReply text(std::vector<std::string> pieces) { return {Kind::stream_text, std::move(pieces)}; }
  static FakeReply transfer() { return {Kind::tool_call, {}}; }
  static FakeReply failure(int status) { return {Kind::fail, {}, status}; }
  static FakeReply silence() { return {Kind::stall, {}}; }
  // `piece` streamed `times` times, `pause` apart (a model that will not stop talking).
  static FakeReply long_text(const std::string& piece, int times, std::chrono::milliseconds pause) {
    FakeReply reply{Kind::stream_text, std::vector<std::string>(static_cast<std::size_t>(times), piece)};
    reply.pause = pause;
    return reply;
  }
  // The pieces, then silence with the connection open for `stall` (a peer that hangs mid-answer).
  static FakeReply hang_after(std::vector<std::string> pieces, std::chrono::milliseconds stall) {
    FakeReply reply{Kind::stream_then_stall, std::move(pieces)};
    reply.stall = stall;
    return reply;
  }
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
