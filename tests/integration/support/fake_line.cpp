#include "support/fake_line.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <deque>
#include <regex>
#include <set>

namespace baton::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

// Limits from messaging-api.yml and LINE's reference where the YAML leaves them out (text).
constexpr std::size_t kMaxMessages = 5;             // PushMessageRequest/ReplyMessageRequest.messages maxItems
constexpr std::size_t kMaxTextUnits = 5000;         // text message: 5,000 characters (UTF-16)
constexpr std::size_t kMaxQuickReplyItems = 13;     // QuickReply.items maxItems
constexpr std::size_t kMaxActionLabel = 20;         // action label: 20 characters
constexpr std::size_t kMaxPostbackData = 300;       // PostbackAction.data maxLength
constexpr std::size_t kMaxDisplayText = 300;        // PostbackAction.displayText
constexpr std::size_t kMaxUri = 1000;               // URIAction.uri: 1,000 characters
constexpr std::size_t kMaxSenderName = 20;          // Sender.name maxLength
constexpr std::size_t kMaxRichMenuName = 300;       // RichMenuRequest.name maxLength
constexpr std::size_t kMaxChatBarText = 14;         // RichMenuRequest.chatBarText maxLength
constexpr std::size_t kMaxRichMenuAreas = 20;       // rich menu: at most 20 areas
constexpr std::size_t kMaxRichMenuImage = 1 << 20;  // rich menu image: at most 1 MB
constexpr std::size_t kMaxContentUrl = 2000;        // image message URLs: 2,000 characters, HTTPS
constexpr auto kReplyTokenLifetime = std::chrono::seconds(60);

const std::regex kUserId("^U[0-9a-f]{32}$");
const std::regex kUuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
const std::regex kMessageId("^[0-9]+$");
const std::regex kRichMenuId("^richmenu-[0-9a-f]{32}$");

std::size_t utf16_units(std::string_view utf8) {
  std::size_t units = 0;
  for (std::size_t at = 0; at < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[at]);
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    units += length == 4 ? 2 : 1;
    at += length;
  }
  return units;
}

using Problems = std::vector<std::string>;

void only_fields(const json::object& object, std::initializer_list<std::string_view> known, const std::string& where,
                 Problems& problems) {
  for (const auto& [key, value] : object) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      problems.push_back(where + ": unknown field " + std::string(key));
    }
  }
}

const json::string* string_field(const json::object& object, std::string_view key, const std::string& where,
                                 Problems& problems, bool required = true) {
  const auto* value = object.if_contains(key);
  if (!value) {
    if (required) problems.push_back(where + "." + std::string(key) + " is required");
    return nullptr;
  }
  if (!value->is_string()) {
    problems.push_back(where + "." + std::string(key) + " must be a string");
    return nullptr;
  }
  return &value->get_string();
}

void max_chars(const json::string* text, std::size_t limit, const std::string& what, Problems& problems) {
  if (text && utf16_units(*text) > limit) problems.push_back(what + " is longer than " + std::to_string(limit));
}

void check_action(const json::value& value, const std::string& where, bool label_required, Problems& problems) {
  const auto* action = value.if_object();
  if (!action) {
    problems.push_back(where + " must be an object");
    return;
  }
  const auto* type = string_field(*action, "type", where, problems);
  static const std::set<std::string_view> kTypes{"postback",       "message",        "uri",
                                                 "datetimepicker", "camera",         "cameraRoll",
                                                 "location",       "richmenuswitch", "clipboard"};
  if (type && !kTypes.contains(*type)) problems.push_back(where + ".type is not an action type");
  max_chars(string_field(*action, "label", where, problems, label_required), kMaxActionLabel, where + ".label",
            problems);
  if (type && *type == "postback") {
    only_fields(*action, {"type", "label", "data", "displayText", "text", "inputOption", "fillInText"}, where,
                problems);
    max_chars(string_field(*action, "data", where, problems), kMaxPostbackData, where + ".data", problems);
    max_chars(string_field(*action, "displayText", where, problems, false), kMaxDisplayText, where + ".displayText",
              problems);
  }
  if (type && *type == "uri") {
    only_fields(*action, {"type", "label", "uri", "altUri"}, where, problems);
    const auto* uri = string_field(*action, "uri", where, problems);
    max_chars(uri, kMaxUri, where + ".uri", problems);
    const std::string_view text = uri ? std::string_view(*uri) : std::string_view();
    if (uri && !text.starts_with("https://") && !text.starts_with("http://") && !text.starts_with("line://") &&
        !text.starts_with("tel:")) {
      problems.push_back(where + ".uri must be http, https, line or tel");
    }
  }
}

void check_message(const json::value& value, const std::string& where, Problems& problems) {
  const auto* message = value.if_object();
  if (!message) {
    problems.push_back(where + " must be an object");
    return;
  }
  const auto* type = string_field(*message, "type", where, problems);
  if (!type) return;
  if (*type == "image") {
    // ImageMessage: both URLs required, format uri; LINE's reference: HTTPS, at most 2,000
    // characters (the preview at most 1 MB, checked where the test fetches it).
    only_fields(*message, {"type", "originalContentUrl", "previewImageUrl", "quickReply", "sender"}, where, problems);
    for (const char* field : {"originalContentUrl", "previewImageUrl"}) {
      const auto* url = string_field(*message, field, where, problems);
      if (!url) continue;
      if (!std::string_view(*url).starts_with("https://")) problems.push_back(where + "." + field + " must be HTTPS");
      if (url->size() > kMaxContentUrl) problems.push_back(where + "." + field + " is longer than 2000 characters");
    }
  } else if (*type != "text") {
    problems.push_back(where + ": the fake only expects text and image messages from Baton, got " + std::string(*type));
    return;
  } else {
    only_fields(*message, {"type", "text", "emojis", "quoteToken", "quickReply", "sender"}, where, problems);
    const auto* text = string_field(*message, "text", where, problems);
    if (text && text->empty()) problems.push_back(where + ".text is empty");
    max_chars(text, kMaxTextUnits, where + ".text", problems);
  }
  if (const auto* quick = message->if_contains("quickReply")) {
    const auto* items = quick->is_object() ? quick->get_object().if_contains("items") : nullptr;
    if (!items || !items->is_array() || items->get_array().empty() || items->get_array().size() > kMaxQuickReplyItems) {
      problems.push_back(where + ".quickReply.items must hold 1 to 13 items");
    } else {
      for (const auto& item : items->get_array()) {
        const auto* object = item.if_object();
        if (!object || !object->contains("action") || !object->contains("type") || object->at("type") != "action") {
          problems.push_back(where + ".quickReply item must be {type: action, action}");
          continue;
        }
        only_fields(*object, {"type", "action", "imageUrl"}, where + ".quickReply item", problems);
        check_action(object->at("action"), where + ".quickReply.action", true, problems);
      }
    }
  }
  if (const auto* sender = message->if_contains("sender")) {
    const auto* object = sender->if_object();
    if (!object) {
      problems.push_back(where + ".sender must be an object");
    } else {
      only_fields(*object, {"name", "iconUrl"}, where + ".sender", problems);
      const auto* name = string_field(*object, "name", where + ".sender", problems, false);
      max_chars(name, kMaxSenderName, where + ".sender.name", problems);
      if (name) {
        std::string lower(*name);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        if (lower.find("line") != std::string::npos) problems.push_back(where + ".sender.name may not say LINE");
      }
    }
  }
}

void check_messages(const json::object& body, Problems& problems) {
  const auto* messages = body.if_contains("messages");
  if (!messages || !messages->is_array() || messages->get_array().empty() ||
      messages->get_array().size() > kMaxMessages) {
    problems.push_back("messages must hold 1 to 5 message objects");
    return;
  }
  for (const auto& message : messages->get_array()) check_message(message, "messages[]", problems);
}

std::optional<std::int64_t> integer_field(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_int64()) return std::nullopt;
  return value->as_int64();
}

void check_rich_menu(const json::object& menu, Problems& problems) {
  only_fields(menu, {"size", "selected", "name", "chatBarText", "areas"}, "richmenu", problems);
  const auto* size = menu.if_contains("size");
  std::int64_t width = 0;
  std::int64_t height = 0;
  if (!size || !size->is_object()) {
    problems.push_back("richmenu.size is required");
  } else {
    width = integer_field(size->get_object(), "width").value_or(0);
    height = integer_field(size->get_object(), "height").value_or(0);
    // LINE: width 800 to 2500, height at least 250, width / height at least 1.45.
    if (width < 800 || width > 2500 || height < 250 ||
        static_cast<double>(width) / static_cast<double>(height) < 1.45) {
      problems.push_back("richmenu.size is outside LINE's limits");
    }
  }
  if (!menu.contains("selected") || !menu.at("selected").is_bool())
    problems.push_back("richmenu.selected must be a boolean");
  max_chars(string_field(menu, "name", "richmenu", problems), kMaxRichMenuName, "richmenu.name", problems);
  max_chars(string_field(menu, "chatBarText", "richmenu", problems), kMaxChatBarText, "richmenu.chatBarText", problems);
  const auto* areas = menu.if_contains("areas");
  if (!areas || !areas->is_array() || areas->get_array().size() > kMaxRichMenuAreas) {
    problems.push_back("richmenu.areas must hold at most 20 areas");
    return;
  }
  for (const auto& area : areas->get_array()) {
    const auto* object = area.if_object();
    const auto* bounds = object && object->contains("bounds") ? object->at("bounds").if_object() : nullptr;
    if (!bounds || !object->contains("action")) {
      problems.push_back("richmenu area needs bounds and an action");
      continue;
    }
    const auto x = integer_field(*bounds, "x").value_or(-1);
    const auto y = integer_field(*bounds, "y").value_or(-1);
    const auto w = integer_field(*bounds, "width").value_or(0);
    const auto h = integer_field(*bounds, "height").value_or(0);
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
      problems.push_back("richmenu area bounds fall outside the menu");
    }
    check_action(object->at("action"), "richmenu area action", false, problems);
  }
}

// Width and height from a PNG's IHDR chunk.
std::optional<std::pair<std::uint32_t, std::uint32_t>> png_size(const std::string& bytes) {
  static const std::string kSignature("\x89PNG\r\n\x1a\n", 8);
  if (bytes.size() < 24 || bytes.compare(0, 8, kSignature) != 0 || bytes.compare(12, 4, "IHDR") != 0) {
    return std::nullopt;
  }
  auto read = [&](std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
  };
  return std::pair{read(16), read(20)};
}

std::string header(const std::map<std::string, std::string>& headers, const std::string& name) {
  auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

}  // namespace

std::vector<std::string> line_call_problems(const std::string& method, const std::string& path,
                                            const std::map<std::string, std::string>& headers, const std::string& body,
                                            const std::string& expected_token) {
  Problems problems;
  if (header(headers, "authorization") != "Bearer " + expected_token) {
    problems.push_back("Authorization must be Bearer and the channel access token");
  }
  auto json_body = [&]() -> std::optional<json::object> {
    if (header(headers, "content-type").rfind("application/json", 0) != 0) {
      problems.push_back(path + ": Content-Type must be application/json");
    }
    boost::system::error_code error;
    auto parsed = json::parse(body, error);
    if (error || !parsed.is_object()) {
      problems.push_back(path + ": the body must be a JSON object");
      return std::nullopt;
    }
    return parsed.get_object();
  };
  std::smatch match;
  if (method == "POST" && path == "/v2/bot/message/reply") {
    if (auto object = json_body()) {
      only_fields(*object, {"replyToken", "messages", "notificationDisabled"}, "reply", problems);
      string_field(*object, "replyToken", "reply", problems);
      check_messages(*object, problems);
    }
  } else if (method == "POST" && path == "/v2/bot/message/push") {
    if (auto object = json_body()) {
      only_fields(*object, {"to", "messages", "notificationDisabled", "customAggregationUnits"}, "push", problems);
      const auto* to = string_field(*object, "to", "push", problems);
      if (to && !std::regex_match(std::string(*to), kUserId)) problems.push_back("push.to is not a user id");
      check_messages(*object, problems);
    }
    // Optional for LINE, promised by Baton's contract (API.md): every push carries one.
    if (!std::regex_match(header(headers, "x-line-retry-key"), kUuid)) {
      problems.push_back("push: X-Line-Retry-Key must be a UUID");
    }
  } else if (method == "POST" && path == "/v2/bot/chat/loading/start") {
    if (auto object = json_body()) {
      only_fields(*object, {"chatId", "loadingSeconds"}, "loading", problems);
      const auto* chat = string_field(*object, "chatId", "loading", problems);
      if (chat && !std::regex_match(std::string(*chat), kUserId)) problems.push_back("loading.chatId is not a user id");
      if (object->contains("loadingSeconds")) {
        const auto seconds = integer_field(*object, "loadingSeconds");
        if (!seconds || *seconds < 5 || *seconds > 60 || *seconds % 5 != 0) {
          problems.push_back("loading.loadingSeconds must be 5 to 60, a multiple of 5");
        }
      }
    }
  } else if (method == "POST" && path == "/v2/bot/chat/markAsRead") {
    // MarkMessagesAsReadByTokenRequest: markAsReadToken (string) is required, nothing else.
    if (auto object = json_body()) {
      only_fields(*object, {"markAsReadToken"}, "markAsRead", problems);
      const auto* token = string_field(*object, "markAsReadToken", "markAsRead", problems);
      if (token && token->empty()) problems.push_back("markAsRead.markAsReadToken is empty");
    }
  } else if (method == "GET" && (path == "/v2/bot/message/quota" || path == "/v2/bot/message/quota/consumption")) {
    if (!body.empty()) problems.push_back(path + ": a GET has no body");
  } else if (method == "GET" && path.rfind("/v2/bot/profile/", 0) == 0) {
    if (!std::regex_match(path.substr(16), kUserId)) problems.push_back("profile: not a user id");
  } else if (method == "GET" && std::regex_match(path, match, std::regex("^/v2/bot/message/([^/]+)/content$"))) {
    if (!std::regex_match(match[1].str(), kMessageId)) problems.push_back("content: not a message id");
  } else if (method == "POST" && path == "/v2/bot/richmenu") {
    if (auto object = json_body()) check_rich_menu(*object, problems);
  } else if (method == "POST" && std::regex_match(path, match, std::regex("^/v2/bot/richmenu/([^/]+)/content$"))) {
    const auto type = header(headers, "content-type");
    if (type != "image/png" && type != "image/jpeg")
      problems.push_back("richmenu image: Content-Type must be image/png or image/jpeg");
    if (body.size() > kMaxRichMenuImage) problems.push_back("richmenu image is larger than 1 MB");
    if (type == "image/png" && !png_size(body)) problems.push_back("richmenu image is not a PNG");
  } else if (method == "POST" && std::regex_match(path, match, std::regex("^/v2/bot/user/all/richmenu/([^/]+)$"))) {
    if (!std::regex_match(match[1].str(), kRichMenuId)) problems.push_back("default richmenu: not a rich menu id");
  } else {
    problems.push_back("no such endpoint: " + method + " " + path);
  }
  return problems;
}

struct FakeLine::State {
  std::string token;
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<LineCall> calls;
  std::vector<std::string> problems;
  struct Failure {
    std::string prefix;
    int count;
    int status;
  };
  std::deque<Failure> failures;
  bool down = false;
  bool stalled = false;
  std::string stalled_prefix;
  bool answers_lost = false;
  std::string answers_lost_prefix;
  int stalled_calls = 0;
  std::map<std::string, std::chrono::steady_clock::time_point> reply_tokens;  // issued, unused
  std::set<std::string> used_reply_tokens;
  std::set<std::string> accepted_retry_keys;
  struct Profile {
    std::string name;
    std::string picture;
    std::string language;
  };
  std::map<std::string, Profile> profiles;
  std::map<std::string, std::pair<std::string, std::string>> contents;
  std::chrono::milliseconds profile_delay{0};
  std::set<std::string> read_tokens;  // markAsReadTokens issued with message events
  std::string quota_type = "none";
  std::int64_t quota_value = 0;
  std::int64_t usage = 0;  // accepted pushes add to it
  bool monthly_limit_reached = false;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> rich_menus;  // id -> size
  int next_id = 1;
};

namespace {

struct Answer {
  int status = 200;
  std::string content_type = "application/json";
  std::string body = "{}";
};

Answer error_answer(int status, const std::string& message) {
  return {status, "application/json", json::serialize(json::object{{"message", message}})};
}

std::string hex_id(int n) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%032x", n);
  return buffer;
}

// What LINE would answer to a valid call (the state is locked).
Answer serve(FakeLine::State& state, const std::string& method, const std::string& path, const std::string& retry_key,
             const std::string& body) {
  boost::system::error_code ignored;
  const auto parsed = json::parse(body, ignored);
  const auto* object = parsed.if_object();
  auto sent = [&](std::size_t count) {
    json::array messages;
    for (std::size_t i = 0; i < count; ++i) {
      messages.push_back(json::object{{"id", std::to_string(100000 + state.next_id++)}, {"quoteToken", "q"}});
    }
    return Answer{200, "application/json", json::serialize(json::object{{"sentMessages", messages}})};
  };
  if (path == "/v2/bot/message/reply") {
    const std::string token(object->at("replyToken").as_string());
    auto issued = state.reply_tokens.find(token);
    if (state.used_reply_tokens.contains(token)) {
      state.problems.push_back("a reply token was used twice");
      return error_answer(400, "Invalid reply token");
    }
    if (issued == state.reply_tokens.end() || std::chrono::steady_clock::now() - issued->second > kReplyTokenLifetime) {
      return error_answer(400, "Invalid reply token");
    }
    state.reply_tokens.erase(issued);
    state.used_reply_tokens.insert(token);
    return sent(object->at("messages").as_array().size());
  }
  if (path == "/v2/bot/message/push") {
    if (state.monthly_limit_reached) return error_answer(429, "You have reached your monthly limit.");
    if (!state.accepted_retry_keys.insert(retry_key).second) {
      return error_answer(409, "The retry key is already accepted");
    }
    ++state.usage;  // LINE counts one message per push and recipient
    return sent(object->at("messages").as_array().size());
  }
  if (path == "/v2/bot/chat/markAsRead") {
    if (!state.read_tokens.contains(std::string(object->at("markAsReadToken").as_string()))) {
      return error_answer(400, "An invalid markAsReadToken is specified.");
    }
    return {200, "application/json", "{}"};
  }
  if (path == "/v2/bot/message/quota") {
    json::object quota{{"type", state.quota_type}};
    if (state.quota_type == "limited") quota["value"] = state.quota_value;
    return {200, "application/json", json::serialize(quota)};
  }
  if (path == "/v2/bot/message/quota/consumption") {
    return {200, "application/json", json::serialize(json::object{{"totalUsage", state.usage}})};
  }
  if (path == "/v2/bot/chat/loading/start") return {202, "application/json", "{}"};
  if (path.rfind("/v2/bot/profile/", 0) == 0) {
    const auto user = path.substr(16);
    auto found = state.profiles.find(user);
    json::object profile{{"userId", user}, {"language", found != state.profiles.end() ? found->second.language : "en"}};
    profile["displayName"] = found != state.profiles.end() ? found->second.name : "Customer " + user.substr(29);
    if (found != state.profiles.end() && !found->second.picture.empty()) profile["pictureUrl"] = found->second.picture;
    return {200, "application/json", json::serialize(profile)};
  }
  std::smatch match;
  if (std::regex_match(path, match, std::regex("^/v2/bot/message/([0-9]+)/content$"))) {
    auto found = state.contents.find(match[1].str());
    if (found == state.contents.end()) return error_answer(404, "Not found");
    return {200, found->second.first, found->second.second};
  }
  if (method == "POST" && path == "/v2/bot/richmenu") {
    const auto id = "richmenu-" + hex_id(state.next_id++);
    const auto& size = object->at("size").as_object();
    state.rich_menus[id] = {size.at("width").as_int64(), size.at("height").as_int64()};
    return {200, "application/json", json::serialize(json::object{{"richMenuId", id}})};
  }
  if (std::regex_match(path, match, std::regex("^/v2/bot/richmenu/([^/]+)/content$"))) {
    auto menu = state.rich_menus.find(match[1].str());
    if (menu == state.rich_menus.end()) return error_answer(404, "Not found");
    if (auto size = png_size(body);
        size && (size->first != menu->second.first || size->second != menu->second.second)) {
      state.problems.push_back("richmenu image size differs from the rich menu's size");
      return error_answer(400, "An image has an invalid size");
    }
    return {};
  }
  if (std::regex_match(path, match, std::regex("^/v2/bot/user/all/richmenu/([^/]+)$"))) {
    if (!state.rich_menus.contains(match[1].str())) return error_answer(404, "Not found");
    return {};
  }
  return error_answer(404, "Not found");
}

asio::awaitable<void> answer(tcp::socket socket, std::shared_ptr<FakeLine::State> state) {
  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.body_limit(8 << 20);
  auto [read_error, bytes] = co_await http::async_read(socket, buffer, parser, kAsTuple);
  if (read_error) co_return;
  {
    std::unique_lock lock(state->mutex);
    if (state->stalled && std::string(parser.get().target()).starts_with(state->stalled_prefix)) {
      ++state->stalled_calls;
      lock.unlock();
      state->changed.notify_all();
      asio::steady_timer never(socket.get_executor(), std::chrono::hours(1));  // ended with the fake
      co_await never.async_wait(kAsTuple);
      co_return;
    }
  }
  auto& request = parser.get();
  std::map<std::string, std::string> headers;
  for (const auto& field : request) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    headers[name] = std::string(field.value());
  }
  const std::string method(request.method_string());
  const std::string path(request.target());
  LineCall call{method,
                path,
                headers["x-line-retry-key"],
                headers["content-type"],
                nullptr,
                request.body().size(),
                0,
                std::chrono::steady_clock::now()};
  boost::system::error_code ignored;
  if (call.content_type.rfind("application/json", 0) == 0) call.body = json::parse(request.body(), ignored);
  Answer reply;
  bool lose_answer = false;
  {
    std::lock_guard lock(state->mutex);
    auto problems = line_call_problems(method, path, headers, request.body(), state->token);
    auto failure = std::find_if(state->failures.begin(), state->failures.end(),
                                [&](const auto& f) { return path.rfind(f.prefix, 0) == 0 && f.count > 0; });
    if (!problems.empty()) {
      state->problems.insert(state->problems.end(), problems.begin(), problems.end());
      reply = error_answer(400, problems.front());
    } else if (state->down) {
      reply = error_answer(503, "Service unavailable");
    } else if (failure != state->failures.end()) {
      reply = error_answer(failure->status, "Injected failure");
      if (--failure->count == 0) state->failures.erase(failure);
    } else {
      reply = serve(*state, method, path, call.retry_key, request.body());
    }
    call.status = reply.status;
    state->calls.push_back(std::move(call));
    lose_answer = state->answers_lost && path.starts_with(state->answers_lost_prefix);
  }
  state->changed.notify_all();
  std::chrono::milliseconds delay{0};
  if (path.starts_with("/v2/bot/profile/")) {
    std::lock_guard lock(state->mutex);
    delay = state->profile_delay;
  }
  if (delay.count() > 0) {
    asio::steady_timer late(socket.get_executor(), delay);
    co_await late.async_wait(kAsTuple);
  }
  if (lose_answer) {
    asio::steady_timer never(socket.get_executor(), std::chrono::hours(1));  // ended with the fake
    co_await never.async_wait(kAsTuple);
    co_return;
  }
  http::response<http::string_body> response{static_cast<http::status>(reply.status), 11};
  response.set(http::field::content_type, reply.content_type);
  response.set(http::field::connection, "close");
  response.body() = reply.body;
  response.prepare_payload();
  co_await http::async_write(socket, response, kAsTuple);
  beast::error_code closed;
  socket.shutdown(tcp::socket::shutdown_both, closed);
}

std::shared_ptr<FakeLine::State> new_state(std::string access_token) {
  auto state = std::make_shared<FakeLine::State>();
  state->token = std::move(access_token);
  return state;
}

}  // namespace

std::string line_user_id(int n) { return "U" + hex_id(n + 0xbea7); }

FakeLine::FakeLine(std::string channel_secret, std::string access_token)
    : secret_(std::move(channel_secret)),
      state_(new_state(std::move(access_token))),
      server_([state = state_](tcp::socket socket) { return answer(std::move(socket), state); }) {}

FakeLine::~FakeLine() = default;

void FakeLine::fail_next(const std::string& path_prefix, int count, int status) {
  std::lock_guard lock(state_->mutex);
  state_->failures.push_back({path_prefix, count, status});
}

void FakeLine::set_down(bool down) {
  std::lock_guard lock(state_->mutex);
  state_->down = down;
}

void FakeLine::set_stalled(bool stalled, const std::string& path_prefix) {
  std::lock_guard lock(state_->mutex);
  state_->stalled = stalled;
  state_->stalled_prefix = path_prefix;
}

void FakeLine::set_answers_lost(bool lost, const std::string& path_prefix) {
  std::lock_guard lock(state_->mutex);
  state_->answers_lost = lost;
  state_->answers_lost_prefix = path_prefix;
}

bool FakeLine::wait_for_stalled(int count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->stalled_calls >= count; });
}

void FakeLine::expire_reply_tokens() {
  std::lock_guard lock(state_->mutex);
  state_->reply_tokens.clear();
}

void FakeLine::set_profile(const std::string& user_id, const std::string& display_name, const std::string& picture_url,
                           const std::string& language) {
  std::lock_guard lock(state_->mutex);
  state_->profiles[user_id] = {display_name, picture_url, language};
}

void FakeLine::set_content(const std::string& message_id, const std::string& content_type, const std::string& bytes) {
  std::lock_guard lock(state_->mutex);
  state_->contents[message_id] = {content_type, bytes};
}

void FakeLine::set_profile_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(state_->mutex);
  state_->profile_delay = delay;
}

void FakeLine::set_quota(const std::string& type, std::int64_t value, std::int64_t usage) {
  std::lock_guard lock(state_->mutex);
  state_->quota_type = type;
  state_->quota_value = value;
  state_->usage = usage;
}

void FakeLine::set_monthly_limit_reached(bool reached) {
  std::lock_guard lock(state_->mutex);
  state_->monthly_limit_reached = reached;
}

std::vector<LineCall> FakeLine::calls() const {
  std::lock_guard lock(state_->mutex);
  return state_->calls;
}

std::vector<LineCall> FakeLine::calls_to(const std::string& path_prefix) const {
  std::vector<LineCall> matching;
  for (auto& call : calls()) {
    if (call.path.rfind(path_prefix, 0) == 0) matching.push_back(std::move(call));
  }
  return matching;
}

std::vector<std::string> FakeLine::problems() const {
  std::lock_guard lock(state_->mutex);
  return state_->problems;
}

bool FakeLine::wait_for(const std::function<bool(const std::vector<LineCall>&)>& ready,
                        std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return ready(state_->calls); });
}

std::vector<json::object> FakeLine::messages_to(const std::string& user_id) const {
  // A reply reaches the user whose event carried the token; tests use one user per reply token
  // map, so replies are attributed through the tokens this fake issued for that user.
  std::vector<json::object> messages;
  std::lock_guard lock(state_->mutex);
  for (const auto& call : state_->calls) {
    if (call.status != 200 || !call.body.is_object()) continue;
    const auto& body = call.body.get_object();
    const bool to_user =
        (call.path == "/v2/bot/message/push" && body.contains("to") && body.at("to") == user_id.c_str()) ||
        (call.path == "/v2/bot/message/reply" && body.contains("replyToken") &&
         std::string(body.at("replyToken").as_string()).rfind(user_id, 0) == 0);
    if (!to_user) continue;
    for (const auto& message : body.at("messages").as_array()) messages.push_back(message.as_object());
  }
  return messages;
}

std::vector<std::string> FakeLine::texts_to(const std::string& user_id) const {
  std::vector<std::string> texts;
  for (const auto& message : messages_to(user_id)) {
    if (const auto* text = message.if_contains("text")) texts.emplace_back(text->as_string());
  }
  return texts;
}

json::object FakeLine::base_event(const std::string& type, const std::string& user_id, bool with_reply_token, int& n) {
  n = ++event_counter_;
  json::object event{{"type", type},
                     {"mode", "active"},
                     {"timestamp", std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count()},
                     {"source", {{"type", "user"}, {"userId", user_id}}},
                     {"webhookEventId", "01HFAKE" + hex_id(n).substr(8)},
                     {"deliveryContext", {{"isRedelivery", false}}}};
  if (with_reply_token) {
    // The user id leads the token, so texts_to can tell whom a reply went to.
    const auto token = user_id + "-reply-" + std::to_string(n);
    event["replyToken"] = token;
    std::lock_guard lock(state_->mutex);
    state_->reply_tokens[token] = std::chrono::steady_clock::now();
  }
  return event;
}

json::object FakeLine::text_event(const std::string& user_id, const std::string& text) {
  int n = 0;
  auto event = base_event("message", user_id, true, n);
  event["message"] = {{"id", std::to_string(500000 + n)},
                      {"type", "text"},
                      {"quoteToken", "q"},
                      {"text", text},
                      {"markAsReadToken", read_token(n)}};
  return event;
}

std::string FakeLine::read_token(int n) {
  // Opaque to Baton; unique per event here.
  auto token = "mark-" + hex_id(n).substr(20) + "-read";
  std::lock_guard lock(state_->mutex);
  state_->read_tokens.insert(token);
  return token;
}

json::object FakeLine::follow_event(const std::string& user_id) {
  int n = 0;
  auto event = base_event("follow", user_id, true, n);
  event["follow"] = {{"isUnblocked", false}};
  return event;
}

json::object FakeLine::unfollow_event(const std::string& user_id) {
  int n = 0;
  return base_event("unfollow", user_id, false, n);
}

json::object FakeLine::postback_event(const std::string& user_id, const std::string& data) {
  int n = 0;
  auto event = base_event("postback", user_id, true, n);
  event["postback"] = {{"data", data}};
  return event;
}

json::object FakeLine::image_event(const std::string& user_id, const std::string& message_id) {
  int n = 0;
  auto event = base_event("message", user_id, true, n);
  event["message"] = {{"id", message_id},
                      {"type", "image"},
                      {"quoteToken", "q"},
                      {"contentProvider", {{"type", "line"}}},
                      {"markAsReadToken", read_token(n)}};
  return event;
}

json::object FakeLine::sticker_event(const std::string& user_id) {
  int n = 0;
  auto event = base_event("message", user_id, true, n);
  event["message"] = {{"id", std::to_string(500000 + n)},
                      {"type", "sticker"},
                      {"quoteToken", "q"},
                      {"packageId", "446"},
                      {"stickerId", "1988"},
                      {"stickerResourceType", "STATIC"},
                      {"keywords", json::array{"happy", "smile"}}};
  return event;
}

json::object FakeLine::file_event(const std::string& user_id, const std::string& message_id, const std::string& name,
                                  int size) {
  int n = 0;
  auto event = base_event("message", user_id, true, n);
  event["message"] = {{"id", message_id}, {"type", "file"}, {"fileName", name}, {"fileSize", size}};
  return event;
}

json::object FakeLine::location_event(const std::string& user_id) {
  int n = 0;
  auto event = base_event("message", user_id, true, n);
  event["message"] = {{"id", std::to_string(500000 + n)},
                      {"type", "location"},
                      {"title", "Taipei 101"},
                      {"address", "No. 7, Section 5, Xinyi Road, Taipei"},
                      {"latitude", 25.033976},
                      {"longitude", 121.5645389}};
  return event;
}

std::string FakeLine::webhook_body(const std::vector<json::object>& events) const {
  json::array list;
  for (const auto& event : events) list.push_back(event);
  return json::serialize(json::object{{"destination", "U" + hex_id(1)}, {"events", std::move(list)}});
}

std::string FakeLine::sign(const std::string& body) const { return line_signature(secret_, body); }

std::string line_signature(const std::string& secret, const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  std::string encoded(4 * ((length + 2) / 3) + 1, '\0');
  encoded.resize(static_cast<std::size_t>(
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), digest, static_cast<int>(length))));
  return encoded;
}

}  // namespace baton::testing
