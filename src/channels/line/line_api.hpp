// The calls Baton makes to LINE's Messaging API (api.line.me) and its data API
// (api-data.line.me), with the channel access token; blocking, for the outbox worker's threads
// and the rich-menu command. The base URLs are configurable so tests can use a fake platform.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "net/http_client.hpp"

namespace baton::channels::line {

struct LineApiConfig {
  std::string api_base = "https://api.line.me";
  std::string data_api_base = "https://api-data.line.me";
  net::HttpTimeouts timeouts{std::chrono::seconds(5), std::chrono::seconds(15), std::chrono::seconds(30)};
};

class LineApi {
 public:
  explicit LineApi(LineApiConfig config) : config_(std::move(config)) {}

  // The same API whose calls `cancellation` ends (the outbox worker's, at stop).
  LineApi cancelled_by(net::Cancellation& cancellation) const {
    LineApi api(config_);
    api.cancellation_ = &cancellation;
    return api;
  }

  net::HttpOutcome reply(const std::string& access_token, const std::string& reply_token,
                         const boost::json::array& messages) const;
  // `retry_key`: the same on every try of one message, so LINE sends it once.
  net::HttpOutcome push(const std::string& access_token, const std::string& user_id, const boost::json::array& messages,
                        const std::string& retry_key) const;
  net::HttpOutcome start_loading(const std::string& access_token, const std::string& user_id, int seconds) const;
  net::HttpOutcome profile(const std::string& access_token, const std::string& user_id) const;
  // A read receipt: the message that came with `mark_as_read_token` and every earlier one.
  net::HttpOutcome mark_as_read(const std::string& access_token, const std::string& mark_as_read_token) const;
  // This month's message quota ({type, value}) and what was sent of it ({totalUsage}).
  net::HttpOutcome quota(const std::string& access_token) const;
  net::HttpOutcome quota_consumption(const std::string& access_token) const;
  net::HttpOutcome content(const std::string& access_token, const std::string& message_id) const;

  net::HttpOutcome create_rich_menu(const std::string& access_token, const boost::json::object& menu) const;
  net::HttpOutcome upload_rich_menu_image(const std::string& access_token, const std::string& rich_menu_id,
                                          const std::string& content_type, const std::string& image) const;
  net::HttpOutcome set_default_rich_menu(const std::string& access_token, const std::string& rich_menu_id) const;

 private:
  net::HttpOutcome call(const std::string& method, const std::string& url, const std::string& access_token,
                        std::string content_type, std::string body,
                        std::map<std::string, std::string> headers = {}) const;

  LineApiConfig config_;
  net::Cancellation* cancellation_ = nullptr;
};

}  // namespace baton::channels::line
