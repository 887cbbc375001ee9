// The widget's public endpoints: any origin may call them (CORS), a visitor token reaches
// its own conversation only.
#include <limits>

#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"

namespace baton::channels::http {
namespace {

boost::json::value widget_config_json(const app::WidgetConfig& config) {
  const auto& assistant = config.assistant;
  const auto hours = app::to_json(config.hours);
  return {{"assistant_id", assistant.id},          {"name", assistant.name},
          {"greeting", assistant.greeting},        {"live_agent_enabled", assistant.live_agent_enabled},
          {"agents_online", config.agents_online}, {"offline_message", assistant.offline_message},
          {"open_now", hours.at("open_now")},      {"next_open_at", hours.at("next_open_at")}};
}

boost::json::value session_json(const app::VisitorSession& session) {
  return {{"visitor_token", session.visitor_token}, {"conversation_id", session.conversation_id}};
}

boost::json::value customer_conversation_json(const app::CustomerConversation& view) {
  auto out = app::to_customer_json(view.conversation);
  out["agents_online"] = view.agents_online;
  out["queue_position"] = view.queue_position ? boost::json::value(*view.queue_position) : boost::json::value(nullptr);
  return out;
}

boost::json::value message_json(const core::Message& message) { return app::to_json(message); }

asio::awaitable<Response> get_widget_config(RequestContext& context, app::Services& services) {
  auto config = co_await services.assistants.widget_config(context.param("id"));
  if (!config) co_return error_response(config.error());
  auto body = widget_config_json(*config);
  // What the widget may send (it refuses larger files before uploading them).
  if (services.attachments) {
    const auto limits = services.attachments->limits();
    body.as_object()["files"] = {{"max_image_bytes", limits.max_image_bytes},
                                 {"max_file_bytes", limits.max_file_bytes}};
  }
  co_return json_response(status::ok, body);
}

// Parsed here, not by the table: an empty body is a first visit, the same as {}.
asio::awaitable<Response> post_widget_session(RequestContext& context, app::Services& services) {
  auto body = parse_object(context.request.body(), true);
  if (!body) co_return error_response(body.error());
  auto token = optional_string(*body, "visitor_token");
  if (!token) co_return error_response(token.error());
  // An e-mail's resume link (team operations §4.12): the conversation it names, or 401.
  auto resume_token = optional_string(*body, "resume_token");
  if (!resume_token) co_return error_response(resume_token.error());
  if (*resume_token) {
    if (!services.resume) co_return error_response({core::ErrorCode::unauthorized, "resume links are not enabled"});
    std::string assistant_id = context.param("id");  // named: see app/async.hpp on g++ 12
    std::string presented = std::move(**resume_token);
    auto resumed = co_await services.resume->resume(std::move(assistant_id), std::move(presented));
    co_return render(resumed, status::created, session_json);
  }
  auto session =
      co_await services.conversations.start_session(context.param("id"), std::move(*token), context.client.address);
  co_return render(session, status::created, session_json);
}

asio::awaitable<Response> post_widget_message(RequestContext&, app::Services& services,
                                              const app::VisitorIdentity& visitor, const boost::json::object& body) {
  auto text = required_string(body, "text");
  if (!text) co_return error_response(text.error());
  auto client_id = optional_string(body, "client_id");
  if (!client_id) co_return error_response(client_id.error());
  auto message = co_await services.conversations.customer_send(visitor, std::move(*text), std::move(*client_id));
  co_return render(message, status::created, message_json);
}

asio::awaitable<Response> get_widget_messages(RequestContext& context, app::Services& services,
                                              const app::VisitorIdentity& visitor) {
  co_return co_await messages_page(context, services.conversations, visitor.conversation_id, Reader::customer);
}

asio::awaitable<Response> post_widget_handoff(RequestContext& context, app::Services& services,
                                              const app::VisitorIdentity& visitor) {
  auto conversation = co_await services.conversations.customer_handoff(visitor, context.client.address);
  co_return render(conversation, status::ok, customer_conversation_json);
}

// The visitor withdraws a request no agent took yet (logged as abandoned, reason cancelled).
asio::awaitable<Response> post_widget_cancel_handoff(RequestContext&, app::Services& services,
                                                     const app::VisitorIdentity& visitor) {
  auto conversation = co_await services.conversations.customer_cancel_handoff(visitor);
  co_return render(conversation, status::ok, customer_conversation_json);
}

asio::awaitable<Response> get_widget_conversation(RequestContext&, app::Services& services,
                                                  const app::VisitorIdentity& visitor) {
  auto conversation = co_await services.conversations.customer_conversation(visitor);
  co_return render(conversation, status::ok, customer_conversation_json);
}

asio::awaitable<Response> post_widget_typing(RequestContext&, app::Services& services,
                                             const app::VisitorIdentity& visitor) {
  services.conversations.customer_typing(visitor);
  co_return no_content();
}

asio::awaitable<Response> post_offline_message(RequestContext& context, app::Services& services,
                                               const app::VisitorIdentity& visitor, const boost::json::object& body) {
  auto fields = required_strings<3>(body, {"name", "contact", "text"});
  if (!fields) co_return error_response(fields.error());
  auto& [name, contact, text] = *fields;
  app::OfflineMessage input{std::move(name), std::move(contact), std::move(text)};
  auto message =
      co_await services.conversations.leave_offline_message(visitor, std::move(input), context.client.address);
  co_return render(message, status::created, message_json);
}

// The customer's rating {survey_id, score: 1-5, comment?} of a survey in their conversation.
asio::awaitable<Response> post_widget_csat(RequestContext&, app::Services& services,
                                           const app::VisitorIdentity& visitor, const boost::json::object& body) {
  auto survey_id = required_string(body, "survey_id");
  if (!survey_id) co_return error_response(survey_id.error());
  auto score = optional_integer(body, "score", std::numeric_limits<std::int64_t>::min(),
                                std::numeric_limits<std::int64_t>::max());
  if (!score) co_return error_response(score.error());
  auto comment = optional_string(body, "comment");
  if (!comment) co_return error_response(comment.error());
  if (!*score) co_return error_response(core::Error{core::ErrorCode::invalid_field, "score is required"});
  auto rated =
      co_await services.conversations.rate(visitor, std::move(*survey_id), **score, comment->value_or(std::string()));
  co_return render(rated, status::created, [](const core::CsatSurvey& survey) { return app::to_json(survey); });
}

constexpr OpenRoute kWidgetRoutes[] = {
    {verb::get, "/api/v1/widget/assistants/{id}/config", get_widget_config},
    {verb::post, "/api/v1/widget/assistants/{id}/sessions", post_widget_session},
};

constexpr VisitorRoute kVisitorRoutes[] = {
    {verb::post, "/api/v1/widget/messages", post_widget_message},
    {verb::get, "/api/v1/widget/messages", get_widget_messages},
    {verb::post, "/api/v1/widget/handoff", post_widget_handoff},
    {verb::post, "/api/v1/widget/handoff/cancel", post_widget_cancel_handoff},
    {verb::get, "/api/v1/widget/conversation", get_widget_conversation},
    {verb::post, "/api/v1/widget/typing", post_widget_typing},
    {verb::post, "/api/v1/widget/offline_message", post_offline_message},
    {verb::post, "/api/v1/widget/csat", post_widget_csat},
};

}  // namespace

RouteTables widget_routes() { return {.widget = kWidgetRoutes, .visitor = kVisitorRoutes}; }

}  // namespace baton::channels::http
