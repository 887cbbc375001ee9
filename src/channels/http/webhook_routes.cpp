// Outgoing webhooks for admins (team operations §4.11): endpoints, their test ping, their
// deliveries and a delivery sent again.
#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"
#include "core/limits.hpp"

namespace baton::channels::http {
namespace {

boost::json::value webhook_json(const core::Webhook& webhook) { return app::to_json(webhook); }
boost::json::value delivery_json(const core::WebhookDelivery& delivery) { return app::to_json(delivery); }

// The answer to a creation: the endpoint with its secret, the only time it is shown.
boost::json::value created_json(const core::Webhook& webhook) {
  auto out = app::to_json(webhook);
  out["secret"] = webhook.secret;
  return out;
}

core::Result<std::optional<std::optional<core::Id>>> nullable_id(const boost::json::object& body,
                                                                 std::string_view field) {
  const auto* value = body.if_contains(field);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::optional<std::optional<core::Id>>(std::optional<core::Id>());
  if (!value->is_string()) return core::fail(core::ErrorCode::invalid_field, std::string(field) + " must be a string");
  return std::optional<std::optional<core::Id>>(std::string(value->get_string()));
}

asio::awaitable<Response> get_webhooks(RequestContext&, app::Services& services, const app::Principal& principal) {
  auto webhooks = co_await services.webhooks.list(actor_of(principal));
  co_return render(webhooks, status::ok,
                   [](const std::vector<core::Webhook>& all) { return app::to_json_list("webhooks", all); });
}

asio::awaitable<Response> post_webhook(RequestContext&, app::Services& services, const app::Principal& principal,
                                       const boost::json::object& body) {
  auto url = required_string(body, "url");
  if (!url) co_return error_response(url.error());
  auto events = optional_string_list(body, "events", std::size(core::kWebhookEventTypes));
  if (!events) co_return error_response(events.error());
  if (!*events)
    co_return error_response({core::ErrorCode::invalid_field, "events is required (type names, or [\"*\"])"});
  auto assistant_id = optional_string(body, "assistant_id");
  if (!assistant_id) co_return error_response(assistant_id.error());
  auto description = optional_string(body, "description");
  if (!description) co_return error_response(description.error());
  auto timeout =
      optional_integer(body, "timeout_seconds", core::kMinWebhookTimeoutSeconds, core::kMaxWebhookTimeoutSeconds);
  if (!timeout) co_return error_response(timeout.error());
  app::WebhookInput input{std::move(*url), std::move(**events), std::move(*assistant_id), description->value_or(""),
                          narrow_count(*timeout)};
  auto created = co_await services.webhooks.create(actor_of(principal), std::move(input));
  co_return render(created, status::created, created_json);
}

asio::awaitable<Response> get_webhook(RequestContext& context, app::Services& services,
                                      const app::Principal& principal) {
  co_return render(co_await services.webhooks.get(actor_of(principal), context.param("id")), status::ok, webhook_json);
}

asio::awaitable<Response> patch_webhook(RequestContext& context, app::Services& services,
                                        const app::Principal& principal, const boost::json::object& body) {
  app::WebhookChanges changes;
  auto url = optional_string(body, "url");
  if (!url) co_return error_response(url.error());
  changes.url = std::move(*url);
  auto events = optional_string_list(body, "events", std::size(core::kWebhookEventTypes));
  if (!events) co_return error_response(events.error());
  changes.events = std::move(*events);
  auto assistant_id = nullable_id(body, "assistant_id");
  if (!assistant_id) co_return error_response(assistant_id.error());
  changes.assistant_id = std::move(*assistant_id);
  auto description = optional_string(body, "description");
  if (!description) co_return error_response(description.error());
  changes.description = std::move(*description);
  auto enabled = optional_bool(body, "enabled");
  if (!enabled) co_return error_response(enabled.error());
  changes.enabled = *enabled;
  auto timeout =
      optional_integer(body, "timeout_seconds", core::kMinWebhookTimeoutSeconds, core::kMaxWebhookTimeoutSeconds);
  if (!timeout) co_return error_response(timeout.error());
  changes.timeout_seconds = narrow_count(*timeout);
  auto updated = co_await services.webhooks.update(actor_of(principal), context.param("id"), std::move(changes));
  co_return render(updated, status::ok, webhook_json);
}

asio::awaitable<Response> delete_webhook(RequestContext& context, app::Services& services,
                                         const app::Principal& principal) {
  auto removed = co_await services.webhooks.remove(actor_of(principal), context.param("id"));
  if (!removed) co_return error_response(removed.error());
  co_return no_content();
}

asio::awaitable<Response> post_webhook_test(RequestContext& context, app::Services& services,
                                            const app::Principal& principal) {
  auto ping = co_await services.webhooks.test(actor_of(principal), context.param("id"));
  co_return render(ping, status::accepted, delivery_json);
}

asio::awaitable<Response> get_webhook_deliveries(RequestContext& context, app::Services& services,
                                                 const app::Principal& principal) {
  std::optional<core::WebhookDeliveryStatus> wanted;
  if (const auto status = context.query("status")) {
    wanted = core::parse_webhook_delivery_status(*status);
    if (!wanted) co_return error_response({core::ErrorCode::invalid_field, "status must be pending, failed or ok"});
  }
  auto limit = integer_query(context, "limit", 100, 1, core::kMaxPageSize);
  if (!limit) co_return error_response(limit.error());
  auto deliveries =
      co_await services.webhooks.deliveries(actor_of(principal), context.param("id"), wanted, static_cast<int>(*limit));
  co_return render(deliveries, status::ok, [](const std::vector<core::WebhookDelivery>& page) {
    return app::to_json_list("deliveries", page);
  });
}

asio::awaitable<Response> post_delivery_retry(RequestContext& context, app::Services& services,
                                              const app::Principal& principal) {
  auto delivery =
      co_await services.webhooks.retry(actor_of(principal), context.param("id"), context.param("delivery_id"));
  co_return render(delivery, status::accepted, delivery_json);
}

constexpr ConsoleRoute kAdminRoutes[] = {
    {verb::get, "/api/v1/webhooks", get_webhooks},
    {verb::post, "/api/v1/webhooks", post_webhook},
    {verb::get, "/api/v1/webhooks/{id}", get_webhook},
    {verb::patch, "/api/v1/webhooks/{id}", patch_webhook},
    {verb::delete_, "/api/v1/webhooks/{id}", delete_webhook},
    {verb::post, "/api/v1/webhooks/{id}/test", post_webhook_test},
    {verb::get, "/api/v1/webhooks/{id}/deliveries", get_webhook_deliveries},
    {verb::post, "/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry", post_delivery_retry},
};

}  // namespace

RouteTables webhook_routes() { return {.admin = kAdminRoutes}; }

}  // namespace baton::channels::http
