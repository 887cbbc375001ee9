#include "channels/line/line_routes.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>

#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"
#include "channels/line/line_events.hpp"
#include "channels/line/signature.hpp"

namespace baton::channels::line {
namespace asio = boost::asio;
using http::RequestContext;
using http::Response;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;

namespace {

// Where LINE must send this assistant's events, as the console's visitors reach this server
// (behind a TLS proxy, X-Forwarded-Proto says https).
std::string webhook_url(const RequestContext& c, const std::string& assistant_id) {
  const auto forwarded = c.header("X-Forwarded-Proto");
  const std::string scheme = forwarded.empty() ? "http" : std::string(forwarded);
  return scheme + "://" + std::string(c.header(boost::beast::http::field::host)) + "/webhooks/line/" + assistant_id;
}

}  // namespace

void add_line_routes(http::Router& router, app::Services& s) {
  router.add(verb::put, "/api/v1/assistants/{id}/channels/line", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await http::as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      auto body = http::parse_object(c.request.body());
      if (!body) co_return http::error_response(body.error());
      auto fields = http::required_strings<2>(*body, {"channel_secret", "channel_access_token"});
      if (!fields) co_return http::error_response(fields.error());
      auto connected = co_await s.line.connect(p, c.param("id"), std::move((*fields)[0]), std::move((*fields)[1]));
      if (!connected) co_return http::error_response(connected.error());
      co_return http::json_response(status::ok, {{"webhook_url", webhook_url(c, c.param("id"))}, {"connected", true}});
    });
  });

  router.add(verb::get, "/api/v1/assistants/{id}/channels/line", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await http::as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      auto channel = co_await s.line.channel(c.param("id"));
      if (!channel) co_return http::error_response(channel.error());
      // Never the credentials themselves.
      co_return http::json_response(
          status::ok, {{"webhook_url", webhook_url(c, c.param("id"))}, {"connected", channel->has_value()}});
    });
  });

  router.add(verb::post, "/webhooks/line/{id}", [&s](RequestContext& c) -> asio::awaitable<Response> {
    auto channel = co_await s.line.channel(c.param("id"));
    if (!channel) co_return http::error_response(channel.error());
    if (!*channel)
      co_return http::error_response({core::ErrorCode::not_found, "this assistant is not connected to LINE"});
    const auto signature = c.header("X-Line-Signature");
    if (signature.empty() || !valid_signature((*channel)->channel_secret, c.request.body(), signature)) {
      co_return http::error_response({core::ErrorCode::unauthorized, "bad or missing X-Line-Signature"});
    }
    boost::system::error_code error;
    auto parsed = boost::json::parse(c.request.body(), error);
    const auto* events = !error && parsed.is_object() ? parsed.get_object().if_contains("events") : nullptr;
    if (!events || !events->is_array()) {
      co_return http::error_response({core::ErrorCode::invalid_field, "expected {\"destination\", \"events\": [...]}"});
    }
    // Signed and well formed. The events are stored (one group commit) before LINE gets its 200,
    // so a crash cannot lose one; the AI, the replies and the fetches happen afterwards. An
    // empty list is LINE's "Verify" call.
    auto parsed_events = parse_line_events(events->get_array());
    const auto ignored = parsed_events.ignored;
    if (!parsed_events.events.empty()) {
      auto received = co_await s.line_inbound.receive(c.param("id"), std::move(parsed_events.events));
      if (!received) co_return http::error_response(received.error());
      spdlog::debug("event=line_webhook assistant={} handled={} redeliveries={} too_old={} ignored={}", c.param("id"),
                    received->handled, received->redeliveries, received->too_old, ignored);
    }
    co_return http::json_response(status::ok, boost::json::object{});
  });
}

}  // namespace baton::channels::line
