// The console's conversations: lists by view, history, take over, messages, Done, Reactivate.
#include <boost/json/array.hpp>

#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"
#include "core/limits.hpp"

namespace baton::channels::http {
namespace {

std::optional<app::ConversationView> parse_view(std::string_view name) {
  if (name == "all") return app::ConversationView::all;
  if (name == "live_agent") return app::ConversationView::live_agent;
  if (name == "ai") return app::ConversationView::ai;
  if (name == "done") return app::ConversationView::done;
  return std::nullopt;
}

boost::json::value conversation_json(const core::Conversation& conversation) { return app::to_json(conversation); }
boost::json::value message_json(const core::Message& message) { return app::to_json(message); }
boost::json::value messages_json(const std::vector<core::Message>& messages) {
  return app::to_json_list("messages", messages);
}
boost::json::value customer_messages_json(const std::vector<core::Message>& messages) {
  boost::json::array list;
  for (const auto& message : messages) list.push_back(app::to_customer_json(message));
  return {{"messages", std::move(list)}};
}

boost::json::value conversation_page_json(const app::ConversationPage& page) {
  auto body = app::to_json_list("conversations", page.conversations);
  body["next_cursor"] = page.next_cursor ? boost::json::value(*page.next_cursor) : boost::json::value(nullptr);
  return body;
}

asio::awaitable<Response> get_conversations(RequestContext& context, app::Services& services, const app::Principal&) {
  auto view = parse_view(context.query("view").value_or("all"));
  if (!view) co_return error_response({core::ErrorCode::invalid_field, "view must be all, live_agent, ai or done"});
  auto assistant_id = context.query("assistant_id");
  auto limit = integer_query(context, "limit", 100, 1, 200);
  if (!limit) co_return error_response(limit.error());
  auto page = co_await services.conversations.list(*view, std::move(assistant_id), static_cast<int>(*limit),
                                                   context.query("before"), context.query("label"));
  co_return render(page, status::ok, conversation_page_json);
}

asio::awaitable<Response> get_conversation(RequestContext& context, app::Services& services, const app::Principal&) {
  co_return render(co_await services.conversations.get(context.param("id")), status::ok, conversation_json);
}

asio::awaitable<Response> get_messages(RequestContext& context, app::Services& services, const app::Principal&) {
  co_return co_await messages_page(context, services.conversations, context.param("id"));
}

// The conversation's event log (team operations §4.0): what reports and integrations read.
asio::awaitable<Response> get_events(RequestContext& context, app::Services& services, const app::Principal&) {
  auto limit = integer_query(context, "limit", 100, 1, core::kMaxPageSize);
  if (!limit) co_return error_response(limit.error());
  auto after_seq = integer_query(context, "after_seq", 0, 0, std::numeric_limits<std::int64_t>::max());
  if (!after_seq) co_return error_response(after_seq.error());
  auto events = co_await services.conversations.events(context.param("id"), *after_seq, static_cast<int>(*limit));
  co_return render(events, status::ok,
                   [](const std::vector<core::ConversationEvent>& list) { return app::to_json_list("events", list); });
}

asio::awaitable<Response> post_agent_message(RequestContext& context, app::Services& services,
                                             const app::Principal& principal, const boost::json::object& body) {
  auto text = required_string(body, "text");
  if (!text) co_return error_response(text.error());
  auto message = co_await services.conversations.agent_send(actor_of(principal), context.param("id"), std::move(*text));
  co_return render(message, status::created, message_json);
}

asio::awaitable<Response> post_agent_typing(RequestContext& context, app::Services& services,
                                            const app::Principal& principal) {
  auto conversation = co_await services.conversations.agent_typing(principal.agent, context.param("id"));
  if (!conversation) co_return error_response(conversation.error());
  co_return no_content();
}

// A claim (takeover) or a reopen (reactivate), with the optional body {force?}: past one's own
// capacity. An empty body is the plain act it always was.
using ClaimFn = asio::awaitable<core::Result<core::Conversation>> (app::ConversationService::*)(core::Actor, core::Id,
                                                                                                bool);
template <ClaimFn Claim>
asio::awaitable<Response> post_claim(RequestContext& context, app::Services& services,
                                     const app::Principal& principal) {
  auto body = parse_object(context.request.body(), true);
  if (!body) co_return error_response(body.error());
  auto force = optional_bool(*body, "force");
  if (!force) co_return error_response(force.error());
  auto conversation =
      co_await (services.conversations.*Claim)(actor_of(principal), context.param("id"), force->value_or(false));
  co_return render(conversation, status::ok, conversation_json);
}

asio::awaitable<Response> post_assign(RequestContext& context, app::Services& services, const app::Principal& principal,
                                      const boost::json::object& body) {
  auto agent_id = required_string(body, "agent_id");
  if (!agent_id) co_return error_response(agent_id.error());
  auto conversation =
      co_await services.conversations.assign(actor_of(principal), context.param("id"), std::move(*agent_id));
  co_return render(conversation, status::ok, conversation_json);
}

// {to_agent_id} or {to_queue: true}, with an optional note and force.
core::Result<app::ConversationService::Transfer> transfer_of(const boost::json::object& body) {
  app::ConversationService::Transfer transfer;
  auto to_agent = optional_string(body, "to_agent_id");
  if (!to_agent) return tl::unexpected(to_agent.error());
  auto to_queue = optional_bool(body, "to_queue");
  if (!to_queue) return tl::unexpected(to_queue.error());
  if (to_agent->has_value() == to_queue->value_or(false)) {
    return core::fail(core::ErrorCode::invalid_field, "give either to_agent_id or to_queue: true");
  }
  transfer.to_agent_id = std::move(*to_agent);
  auto note = optional_string(body, "note");
  if (!note) return tl::unexpected(note.error());
  transfer.note = std::move(*note);
  auto force = optional_bool(body, "force");
  if (!force) return tl::unexpected(force.error());
  transfer.force = force->value_or(false);
  return transfer;
}

asio::awaitable<Response> post_transfer(RequestContext& context, app::Services& services,
                                        const app::Principal& principal, const boost::json::object& body) {
  auto transfer = transfer_of(body);
  if (!transfer) co_return error_response(transfer.error());
  auto conversation =
      co_await services.conversations.transfer(actor_of(principal), context.param("id"), std::move(*transfer));
  co_return render(conversation, status::ok, conversation_json);
}

// Done, with the optional body {csat: false}: "Done without survey" (team operations §4.8).
asio::awaitable<Response> post_done(RequestContext& context, app::Services& services, const app::Principal& principal) {
  auto body = parse_object(context.request.body(), true);
  if (!body) co_return error_response(body.error());
  auto survey = optional_bool(*body, "csat");
  if (!survey) co_return error_response(survey.error());
  auto conversation =
      co_await services.conversations.finish(actor_of(principal), context.param("id"), survey->value_or(true));
  co_return render(conversation, status::ok, conversation_json);
}

constexpr ConsoleRoute kConsoleRoutes[] = {
    {verb::get, "/api/v1/conversations", get_conversations},
    {verb::get, "/api/v1/conversations/{id}", get_conversation},
    {verb::get, "/api/v1/conversations/{id}/messages", get_messages},
    {verb::get, "/api/v1/conversations/{id}/events", get_events},
    {verb::post, "/api/v1/conversations/{id}/messages", post_agent_message},
    {verb::post, "/api/v1/conversations/{id}/typing", post_agent_typing},
    {verb::post, "/api/v1/conversations/{id}/takeover", post_claim<&app::ConversationService::take_over>},
    {verb::post, "/api/v1/conversations/{id}/transfer", post_transfer},
    {verb::post, "/api/v1/conversations/{id}/done", post_done},
    {verb::post, "/api/v1/conversations/{id}/reactivate", post_claim<&app::ConversationService::reactivate>},
};

}  // namespace

// GET .../messages?after_seq=N&limit=M, shared with the widget's history endpoint.
asio::awaitable<Response> messages_page(RequestContext& context, app::ConversationService& conversations,
                                        const core::Id& conversation_id, Reader reader) {
  const auto render_list = reader == Reader::customer ? customer_messages_json : messages_json;
  constexpr auto kLast = std::numeric_limits<std::int64_t>::max();
  auto limit = integer_query(context, "limit", 100, 1, core::kMaxPageSize);
  if (!limit) co_return error_response(limit.error());
  if (context.query("before_seq")) {
    auto before_seq = integer_query(context, "before_seq", kLast, 1, kLast);
    if (!before_seq) co_return error_response(before_seq.error());
    auto page = co_await conversations.messages_before(conversation_id, *before_seq, static_cast<int>(*limit));
    co_return render(page, status::ok, render_list);
  }
  auto after_seq = integer_query(context, "after_seq", 0, 0, kLast);
  if (!after_seq) co_return error_response(after_seq.error());
  auto messages = co_await conversations.messages(conversation_id, *after_seq, static_cast<int>(*limit));
  co_return render(messages, status::ok, render_list);
}

constexpr ConsoleRoute kAdminRoutes[] = {
    {verb::post, "/api/v1/conversations/{id}/assign", post_assign},
};

RouteTables conversation_routes() { return {.console = kConsoleRoutes, .admin = kAdminRoutes}; }

}  // namespace baton::channels::http
