#include "channels/line/line_api.hpp"

#include <boost/json/serialize.hpp>

namespace baton::channels::line {
namespace json = boost::json;

// The largest file Baton keeps from a customer (LINE allows up to 300 MB for some types).
constexpr std::size_t kMaxContentBytes = 25 << 20;

net::HttpOutcome LineApi::call(const std::string& method, const std::string& url, const std::string& access_token,
                               std::string content_type, std::string body,
                               std::map<std::string, std::string> headers) const {
  headers["Authorization"] = "Bearer " + access_token;
  if (!content_type.empty()) headers["Content-Type"] = std::move(content_type);
  return net::send(net::HttpRequest{method, url, std::move(headers), std::move(body)}, config_.timeouts,
                   kMaxContentBytes, cancellation_);
}

net::HttpOutcome LineApi::reply(const std::string& access_token, const std::string& reply_token,
                                const json::array& messages) const {
  json::object body{{"replyToken", reply_token}, {"messages", messages}};
  return call("POST", config_.api_base + "/v2/bot/message/reply", access_token, "application/json",
              json::serialize(body));
}

net::HttpOutcome LineApi::push(const std::string& access_token, const std::string& user_id, const json::array& messages,
                               const std::string& retry_key) const {
  json::object body{{"to", user_id}, {"messages", messages}};
  return call("POST", config_.api_base + "/v2/bot/message/push", access_token, "application/json",
              json::serialize(body), {{"X-Line-Retry-Key", retry_key}});
}

net::HttpOutcome LineApi::start_loading(const std::string& access_token, const std::string& user_id,
                                        int seconds) const {
  json::object body{{"chatId", user_id}, {"loadingSeconds", seconds}};
  return call("POST", config_.api_base + "/v2/bot/chat/loading/start", access_token, "application/json",
              json::serialize(body));
}

net::HttpOutcome LineApi::profile(const std::string& access_token, const std::string& user_id) const {
  return call("GET", config_.api_base + "/v2/bot/profile/" + user_id, access_token, {}, {});
}

net::HttpOutcome LineApi::mark_as_read(const std::string& access_token, const std::string& mark_as_read_token) const {
  json::object body{{"markAsReadToken", mark_as_read_token}};
  return call("POST", config_.api_base + "/v2/bot/chat/markAsRead", access_token, "application/json",
              json::serialize(body));
}

net::HttpOutcome LineApi::quota(const std::string& access_token) const {
  return call("GET", config_.api_base + "/v2/bot/message/quota", access_token, {}, {});
}

net::HttpOutcome LineApi::quota_consumption(const std::string& access_token) const {
  return call("GET", config_.api_base + "/v2/bot/message/quota/consumption", access_token, {}, {});
}

net::HttpOutcome LineApi::content(const std::string& access_token, const std::string& message_id) const {
  return call("GET", config_.data_api_base + "/v2/bot/message/" + message_id + "/content", access_token, {}, {});
}

net::HttpOutcome LineApi::create_rich_menu(const std::string& access_token, const json::object& menu) const {
  return call("POST", config_.api_base + "/v2/bot/richmenu", access_token, "application/json", json::serialize(menu));
}

net::HttpOutcome LineApi::upload_rich_menu_image(const std::string& access_token, const std::string& rich_menu_id,
                                                 const std::string& content_type, const std::string& image) const {
  return call("POST", config_.data_api_base + "/v2/bot/richmenu/" + rich_menu_id + "/content", access_token,
              content_type, image);
}

net::HttpOutcome LineApi::set_default_rich_menu(const std::string& access_token,
                                                const std::string& rich_menu_id) const {
  return call("POST", config_.api_base + "/v2/bot/user/all/richmenu/" + rich_menu_id, access_token, {}, {});
}

}  // namespace baton::channels::line
