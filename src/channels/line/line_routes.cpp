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
std::string webhook_url(const RequestContext& context, const std::string& assistant_id) {
  const auto forwarded = context.header("X-Forwarded-Proto");
  const std::string scheme = forwarded.empty() ? "http" : std::string(forwarded);
  return scheme + "://" + std::string(context.header(boost::beast::http::field::host)) + "/webhooks/line/" +
         assistant_id;
}

// The webhook's "events" array, or nullptr when the body is not LINE's {"destination", "events"}.
const boost::json::value* events_of(const boost::json::value& parsed) {
  return parsed.is_object() ? parsed.get_object().if_contains("events") : nullptr;
}

asio::awaitable<Response> put_line_channel(RequestContext& context, app::Services& services,
                                           const app::Principal& principal, const boost::json::object& body) {
  auto fields = http::required_strings<2>(body, {"channel_secret", "channel_access_token"});
  if (!fields) co_return http::error_response(fields.error());
  auto& [secret, access_token] = *fields;
  const auto& assistant_id = context.param("id");
  auto connected = co_await services.line.connect(principal, assistant_id, std::move(secret), std::move(access_token));
  if (!connected) co_return http::error_response(connected.error());
  co_return http::json_response(status::ok, {{"webhook_url", webhook_url(context, assistant_id)}, {"connected", true}});
}

asio::awaitable<Response> get_line_channel(RequestContext& context, app::Services& services, const app::Principal&) {
  const auto& assistant_id = context.param("id");
  auto channel = co_await services.line.channel(assistant_id);
  if (!channel) co_return http::error_response(channel.error());
  // Never the credentials themselves.
  co_return http::json_response(
      status::ok, {{"webhook_url", webhook_url(context, assistant_id)}, {"connected", channel->has_value()}});
}

// This month's message quota as LINE counts it, with the pushes Baton sent and whether agents
// should be warned (core::quota_warning).
asio::awaitable<Response> get_line_quota(RequestContext& context, app::Services& services, const app::Principal&) {
  auto quota = co_await services.line.quota(context.param("id"));
  if (!quota) co_return http::error_response(quota.error());
  boost::json::object body{{"type", quota->limited ? "limited" : "none"},
                           {"total_usage", quota->total_usage},
                           {"baton_pushes", quota->baton_pushes},
                           {"warning", core::quota_warning(*quota)}};
  if (quota->limited) body["value"] = quota->limit;
  co_return http::json_response(status::ok, std::move(body));
}

// The agent read the conversation up to its newest message (the console says so when it shows
// them): a LINE customer's messages are then marked read, when this agent holds the chat.
asio::awaitable<Response> post_conversation_read(RequestContext& context, app::Services& services,
                                                 const app::Principal& principal) {
  if (!services.line_receipts) co_return http::json_response(status::ok, {{"read_receipt", "nothing_new"}});
  auto receipt = co_await services.line_receipts->conversation_read(principal, context.param("id"));
  if (!receipt) co_return http::error_response(receipt.error());
  co_return http::json_response(status::ok, {{"read_receipt", app::name_of(*receipt)}});
}

// Signed and well formed. The events are stored (one group commit) before LINE gets its 200, so
// a crash cannot lose one; the AI, the replies and the fetches happen afterwards. An empty list
// is LINE's "Verify" call.
asio::awaitable<Response> receive_events(app::Services& services, const std::string& assistant_id,
                                         const boost::json::array& events) {
  auto parsed_events = parse_line_events(events);
  if (!parsed_events.events.empty()) {
    auto received = co_await services.line_inbound.receive(assistant_id, std::move(parsed_events.events));
    if (!received) co_return http::error_response(received.error());
    spdlog::debug("event=line_webhook assistant={} handled={} redeliveries={} too_old={} ignored={}", assistant_id,
                  received->handled, received->redeliveries, received->too_old, parsed_events.ignored);
  }
  co_return http::json_response(status::ok, boost::json::object{});
}

// Reads the body itself: the signature is over the raw bytes, checked before any parsing.
asio::awaitable<Response> post_webhook(RequestContext& context, app::Services& services) {
  const auto& assistant_id = context.param("id");
  auto channel = co_await services.line.channel(assistant_id);
  if (!channel) co_return http::error_response(channel.error());
  if (!*channel)
    co_return http::error_response({core::ErrorCode::not_found, "this assistant is not connected to LINE"});
  const auto signature = context.header("X-Line-Signature");
  if (signature.empty() || !valid_signature((*channel)->channel_secret, context.request.body(), signature)) {
    co_return http::error_response({core::ErrorCode::unauthorized, "bad or missing X-Line-Signature"});
  }
  boost::system::error_code error;
  const auto parsed = boost::json::parse(context.request.body(), error);
  const auto* events = error ? nullptr : events_of(parsed);
  if (!events || !events->is_array()) {
    co_return http::error_response({core::ErrorCode::invalid_field, "expected {\"destination\", \"events\": [...]}"});
  }
  co_return co_await receive_events(services, assistant_id, events->get_array());
}

constexpr http::OpenRoute kAnyoneRoutes[] = {
    {verb::post, "/webhooks/line/{id}", post_webhook},
};

constexpr http::ConsoleRoute kConsoleRoutes[] = {
    {verb::get, "/api/v1/assistants/{id}/channels/line", get_line_channel},
    {verb::post, "/api/v1/conversations/{id}/read", post_conversation_read},
    // Any agent reads it (as assistants): the inbox warns agents before pushes stop.
    {verb::get, "/api/v1/assistants/{id}/line/quota", get_line_quota},
};

constexpr http::ConsoleRoute kAdminRoutes[] = {
    {verb::put, "/api/v1/assistants/{id}/channels/line", put_line_channel},
};

}  // namespace

http::RouteTables line_routes() { return {.anyone = kAnyoneRoutes, .console = kConsoleRoutes, .admin = kAdminRoutes}; }

}  // namespace baton::channels::line
