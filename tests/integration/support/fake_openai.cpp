#include "support/fake_openai.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <regex>

namespace baton::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

// Top-level fields of CreateChatCompletionRequest (and the CreateModelResponseProperties it
// extends); anything else the real API rejects.
const std::vector<std::string> kKnownFields{"messages",
                                            "model",
                                            "modalities",
                                            "verbosity",
                                            "reasoning_effort",
                                            "max_completion_tokens",
                                            "frequency_penalty",
                                            "presence_penalty",
                                            "web_search_options",
                                            "top_logprobs",
                                            "response_format",
                                            "audio",
                                            "store",
                                            "stream",
                                            "stop",
                                            "logit_bias",
                                            "logprobs",
                                            "max_tokens",
                                            "n",
                                            "prediction",
                                            "seed",
                                            "stream_options",
                                            "tools",
                                            "tool_choice",
                                            "parallel_tool_calls",
                                            "function_call",
                                            "functions",
                                            "metadata",
                                            "temperature",
                                            "top_p",
                                            "user",
                                            "safety_identifier",
                                            "prompt_cache_key",
                                            "prompt_cache_retention",
                                            "service_tier"};
// ChatCompletionRequestMessage: one of these roles (the discriminator).
const std::vector<std::string> kRoles{"developer", "system", "user", "assistant", "tool", "function"};

bool one_of(const std::string& value, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

void check_number(const json::object& body, const char* field, double low, double high,
                  std::vector<std::string>& problems) {
  const auto* value = body.if_contains(field);
  if (!value || value->is_null()) return;
  if (!value->is_number()) {
    problems.push_back(std::string(field) + " must be a number");
    return;
  }
  const double number = value->to_number<double>();
  if (number < low || number > high) problems.push_back(std::string(field) + " is out of range");
}

void check_messages(const json::object& body, std::vector<std::string>& problems) {
  const auto* messages = body.if_contains("messages");
  if (!messages || !messages->is_array() || messages->get_array().empty()) {
    problems.push_back("messages must be a non-empty array (minItems 1)");
    return;
  }
  for (const auto& item : messages->get_array()) {
    const auto* message = item.if_object();
    if (!message) {
      problems.push_back("each message must be an object");
      continue;
    }
    const auto* role = message->if_contains("role");
    if (!role || !role->is_string() || !one_of(std::string(role->get_string()), kRoles)) {
      problems.push_back("message role must be one of developer, system, user, assistant, tool, function");
      continue;
    }
    const std::string r(role->get_string());
    const auto* content = message->if_contains("content");
    const bool has_content = content && (content->is_string() || content->is_array());
    if ((r == "system" || r == "developer" || r == "user" || r == "tool") && !has_content) {
      problems.push_back(r + " message needs content (a string or an array of parts)");
    }
    if (r == "user" && content && content->is_string() && content->get_string().empty()) {
      problems.push_back("user message content is empty");
    }
    if (r == "tool" && !message->contains("tool_call_id")) problems.push_back("tool message needs tool_call_id");
    if (r == "assistant" && !has_content && !message->contains("tool_calls")) {
      problems.push_back("assistant message needs content or tool_calls");
    }
  }
}

void check_tools(const json::object& body, std::vector<std::string>& problems) {
  if (const auto* tools = body.if_contains("tools")) {
    if (!tools->is_array()) {
      problems.push_back("tools must be an array");
    } else {
      static const std::regex kName("^[a-zA-Z0-9_-]{1,64}$");  // FunctionObject.name
      for (const auto& tool : tools->get_array()) {
        const auto* t = tool.if_object();
        if (!t || !t->contains("type") || t->at("type") != "function" || !t->contains("function") ||
            !t->at("function").is_object()) {
          problems.push_back("each tool must be {type: function, function: {...}}");
          continue;
        }
        const auto& function = t->at("function").get_object();
        const auto* name = function.if_contains("name");
        if (!name || !name->is_string() || !std::regex_match(std::string(name->get_string()), kName)) {
          problems.push_back("function name must be a-z, A-Z, 0-9, _ or -, at most 64");
        }
        if (function.contains("description") && !function.at("description").is_string()) {
          problems.push_back("function description must be a string");
        }
        if (function.contains("parameters") && !function.at("parameters").is_object()) {
          problems.push_back("function parameters must be a JSON Schema object");
        }
      }
    }
  }
  if (const auto* choice = body.if_contains("tool_choice")) {
    const bool mode = choice->is_string() && one_of(std::string(choice->get_string()), {"none", "auto", "required"});
    if (!mode && !choice->is_object()) problems.push_back("tool_choice must be none, auto, required or an object");
    if (!body.contains("tools") && !(choice->is_string() && choice->get_string() == "none")) {
      problems.push_back("tool_choice without tools");
    }
  }
}

std::string chunk(const std::string& model, const json::object& delta, const char* finish_reason) {
  json::object choice{
      {"index", 0}, {"delta", delta}, {"finish_reason", finish_reason ? json::value(finish_reason) : nullptr}};
  json::object body{{"id", "chatcmpl-fake"},
                    {"object", "chat.completion.chunk"},
                    {"created", 1767225600},
                    {"model", model},
                    {"choices", json::array{choice}}};
  return "data: " + json::serialize(body) + "\n\n";
}

}  // namespace

std::vector<std::string> chat_request_problems(const std::string& method, const std::string& target,
                                               const std::string& content_type, const std::string& authorization,
                                               const std::string& body_text, const std::string& expected_key) {
  std::vector<std::string> problems;
  if (method != "POST") problems.push_back("method must be POST");
  if (!target.ends_with("/chat/completions")) problems.push_back("path must end with /chat/completions");
  if (!content_type.starts_with("application/json")) problems.push_back("Content-Type must be application/json");
  if (!expected_key.empty() && authorization != "Bearer " + expected_key) {
    problems.push_back("Authorization must be Bearer <the API key>");
  }
  boost::system::error_code error;
  auto parsed = json::parse(body_text, error);
  if (error || !parsed.is_object()) {
    problems.push_back("the body must be a JSON object");
    return problems;
  }
  const auto& body = parsed.get_object();
  for (const auto& field : body) {
    if (!one_of(std::string(field.key()), kKnownFields))
      problems.push_back("unknown field " + std::string(field.key()));
  }
  const auto* model = body.if_contains("model");
  if (!model || !model->is_string() || model->get_string().empty())
    problems.push_back("model must be a non-empty string");
  check_messages(body, problems);
  if (body.contains("stream") && !body.at("stream").is_bool()) problems.push_back("stream must be a boolean");
  if (body.contains("stream_options") && !(body.contains("stream") && body.at("stream") == true)) {
    problems.push_back("stream_options only with stream: true");
  }
  check_number(body, "temperature", 0, 2, problems);
  check_number(body, "top_p", 0, 1, problems);
  check_number(body, "presence_penalty", -2, 2, problems);
  check_number(body, "frequency_penalty", -2, 2, problems);
  if (const auto* max = body.if_contains("max_completion_tokens"); max && !max->is_null() && !max->is_int64()) {
    problems.push_back("max_completion_tokens must be an integer");
  }
  check_tools(body, problems);
  return problems;
}

struct FakeOpenAi::State {
  std::string expected_key;
  mutable std::mutex mutex;
  std::deque<FakeReply> script;
  std::vector<json::object> requests;
  std::vector<std::string> problems;
};

namespace {

asio::awaitable<void> answer(tcp::socket socket, std::shared_ptr<FakeOpenAi::State> state) {
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  auto [read_error, bytes] = co_await http::async_read(socket, buffer, request, kAsTuple);
  if (read_error) co_return;
  auto problems =
      chat_request_problems(std::string(request.method_string()), std::string(request.target()),
                            std::string(request[http::field::content_type]),
                            std::string(request[http::field::authorization]), request.body(), state->expected_key);
  FakeReply reply;
  std::string model = "fake-model";
  {
    std::lock_guard lock(state->mutex);
    boost::system::error_code ignored;
    auto parsed = json::parse(request.body(), ignored);
    if (parsed.is_object()) {
      state->requests.push_back(parsed.get_object());
      if (const auto* m = parsed.get_object().if_contains("model"); m && m->is_string()) model = m->get_string();
    }
    state->problems.insert(state->problems.end(), problems.begin(), problems.end());
    if (!state->script.empty()) {
      reply = state->script.front();
      state->script.pop_front();
    }
  }
  if (!problems.empty()) {
    reply = FakeReply::failure(400);  // as the real API would
  }
  std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
  asio::steady_timer pause(socket.get_executor());
  switch (reply.kind) {
    case FakeReply::Kind::fail: {
      const std::string body = R"({"error":{"message":"fake failure","type":"server_error","param":null,"code":null}})";
      const std::string response = "HTTP/1.1 " + std::to_string(reply.status) +
                                   " Failure\r\nContent-Type: application/json\r\n"
                                   "Content-Length: " +
                                   std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
      co_await asio::async_write(socket, asio::buffer(response), kAsTuple);
      break;
    }
    case FakeReply::Kind::stall:
      pause.expires_after(reply.stall);
      co_await pause.async_wait(kAsTuple);
      break;
    case FakeReply::Kind::stream_text:
    case FakeReply::Kind::stream_then_stall: {
      co_await asio::async_write(socket, asio::buffer(head), kAsTuple);
      for (std::size_t i = 0; i < reply.pieces.size(); ++i) {
        json::object delta{{"content", reply.pieces[i]}};
        if (i == 0) delta["role"] = "assistant";
        const auto data = chunk(model, delta, nullptr);
        auto [error, written] = co_await asio::async_write(socket, asio::buffer(data), kAsTuple);
        if (error) co_return;
        pause.expires_after(reply.pause);  // so the stream is seen to stream
        co_await pause.async_wait(kAsTuple);
      }
      if (reply.kind == FakeReply::Kind::stream_then_stall) {
        pause.expires_after(reply.stall);
        co_await pause.async_wait(kAsTuple);
        break;
      }
      const auto end = chunk(model, {}, "stop") + "data: [DONE]\n\n";
      co_await asio::async_write(socket, asio::buffer(end), kAsTuple);
      break;
    }
    case FakeReply::Kind::tool_call: {
      co_await asio::async_write(socket, asio::buffer(head), kAsTuple);
      json::object call{{"index", 0},
                        {"id", "call_fake"},
                        {"type", "function"},
                        {"function", {{"name", "transfer_to_human"}, {"arguments", ""}}}};
      std::string data = chunk(model, {{"role", "assistant"}, {"tool_calls", json::array{call}}}, nullptr);
      for (const char* piece : {R"({"reason":)", R"( "the customer asked for a person"})"}) {
        json::object more{{"index", 0}, {"function", {{"arguments", piece}}}};
        data += chunk(model, {{"tool_calls", json::array{more}}}, nullptr);
      }
      data += chunk(model, {}, "tool_calls") + "data: [DONE]\n\n";
      co_await asio::async_write(socket, asio::buffer(data), kAsTuple);
      break;
    }
  }
  beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

std::shared_ptr<FakeOpenAi::State> new_state(std::string expected_key) {
  auto state = std::make_shared<FakeOpenAi::State>();
  state->expected_key = std::move(expected_key);
  return state;
}

}  // namespace

FakeOpenAi::FakeOpenAi(std::string expected_key)
    : state_(new_state(std::move(expected_key))),
      server_([state = state_](tcp::socket socket) { return answer(std::move(socket), state); }) {}

FakeOpenAi::~FakeOpenAi() = default;

void FakeOpenAi::script(std::vector<FakeReply> replies) {
  std::lock_guard lock(state_->mutex);
  state_->script.assign(replies.begin(), replies.end());
}

std::vector<json::object> FakeOpenAi::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::vector<std::string> FakeOpenAi::problems() const {
  std::lock_guard lock(state_->mutex);
  return state_->problems;
}

}  // namespace baton::testing
