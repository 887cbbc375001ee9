// The agents' tools (team operations §4.5-4.7): internal notes and the mentions inbox, canned
// replies, labels and the label catalog.
#include <boost/url/pct_string_view.hpp>

#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/json_input.hpp"
#include "core/labels.hpp"
#include "core/limits.hpp"
#include "core/notes.hpp"

namespace baton::channels::http {
namespace {

template <class Item>
auto list_of(std::string_view key) {
  return [key](const std::vector<Item>& items) { return app::to_json_list(key, items); };
}

boost::json::value note_json(const core::Note& note) { return app::to_json(note); }
boost::json::value mention_json(const core::Mention& mention) { return app::to_json(mention); }
boost::json::value canned_reply_json(const core::CannedReply& reply) { return app::to_json(reply); }
boost::json::value label_json(const core::Label& label) { return app::to_json(label); }
boost::json::value conversation_json(const core::Conversation& conversation) { return app::to_json(conversation); }

boost::json::value canned_replies_json(const std::vector<app::CannedReplyView>& views) {
  boost::json::array out;
  out.reserve(views.size());
  for (const auto& view : views) {
    auto item = app::to_json(view.reply);
    if (view.rendered) item["rendered"] = *view.rendered;
    out.push_back(std::move(item));
  }
  return {{"canned_replies", std::move(out)}};
}

// A path segment as the client meant it (label names may be CJK, sent percent-encoded).
std::optional<std::string> decoded_param(const RequestContext& context, const std::string& name) {
  auto encoded = boost::urls::make_pct_string_view(context.param(name));
  if (!encoded) return std::nullopt;
  return encoded->decode();
}

asio::awaitable<Response> post_note(RequestContext& context, app::Services& services, const app::Principal& principal,
                                    const boost::json::object& body) {
  auto text = required_string(body, "text");
  if (!text) co_return error_response(text.error());
  auto mentions = optional_string_list(body, "mentions", core::kMaxMentions);
  if (!mentions) co_return error_response(mentions.error());
  auto note = co_await services.notes.add(actor_of(principal), context.param("id"), std::move(*text),
                                          mentions->value_or(std::vector<std::string>{}));
  co_return render(note, status::created, note_json);
}

asio::awaitable<Response> get_notes(RequestContext& context, app::Services& services, const app::Principal&) {
  co_return render(co_await services.notes.list(context.param("id")), status::ok, list_of<core::Note>("notes"));
}

asio::awaitable<Response> get_my_mentions(RequestContext& context, app::Services& services,
                                          const app::Principal& principal) {
  const auto unread = context.query("unread");
  if (unread && *unread != "true" && *unread != "false") {
    co_return error_response({core::ErrorCode::invalid_field, "unread must be true or false"});
  }
  auto limit = integer_query(context, "limit", 100, 1, core::kMaxPageSize);
  if (!limit) co_return error_response(limit.error());
  auto mentions = co_await services.notes.mentions(principal.agent.id, unread == "true", static_cast<int>(*limit));
  co_return render(mentions, status::ok, list_of<core::Mention>("mentions"));
}

asio::awaitable<Response> post_mention_read(RequestContext& context, app::Services& services,
                                            const app::Principal& principal) {
  auto mention = co_await services.notes.mark_read(principal.agent.id, context.param("id"));
  co_return render(mention, status::ok, mention_json);
}

asio::awaitable<Response> get_canned_replies(RequestContext& context, app::Services& services,
                                             const app::Principal& principal) {
  auto limit = integer_query(context, "limit", 50, 1, core::kMaxPageSize);
  if (!limit) co_return error_response(limit.error());
  app::CannedReplyQuery query{context.query("q").value_or(""), context.query("assistant_id"),
                              context.query("conversation_id"), static_cast<int>(*limit)};
  auto found = co_await services.canned_replies.search(actor_of(principal), std::move(query));
  co_return render(found, status::ok, canned_replies_json);
}

// {shortcut, text, assistant_id?}: the whole reply (PUT replaces it).
core::Result<app::CannedReplyInput> canned_reply_of(const boost::json::object& body) {
  auto fields = required_strings<2>(body, {"shortcut", "text"});
  if (!fields) return tl::unexpected(fields.error());
  auto assistant_id = optional_string(body, "assistant_id");
  if (!assistant_id) return tl::unexpected(assistant_id.error());
  return app::CannedReplyInput{std::move(*assistant_id), std::move((*fields)[0]), std::move((*fields)[1])};
}

asio::awaitable<Response> post_canned_reply(RequestContext&, app::Services& services, const app::Principal& principal,
                                            const boost::json::object& body) {
  auto input = canned_reply_of(body);
  if (!input) co_return error_response(input.error());
  auto reply = co_await services.canned_replies.create(actor_of(principal), std::move(*input));
  co_return render(reply, status::created, canned_reply_json);
}

asio::awaitable<Response> put_canned_reply(RequestContext& context, app::Services& services,
                                           const app::Principal& principal, const boost::json::object& body) {
  auto input = canned_reply_of(body);
  if (!input) co_return error_response(input.error());
  auto reply = co_await services.canned_replies.update(actor_of(principal), context.param("id"), std::move(*input));
  co_return render(reply, status::ok, canned_reply_json);
}

asio::awaitable<Response> delete_canned_reply(RequestContext& context, app::Services& services,
                                              const app::Principal& principal) {
  auto removed = co_await services.canned_replies.remove(actor_of(principal), context.param("id"));
  if (!removed) co_return error_response(removed.error());
  co_return no_content();
}

asio::awaitable<Response> get_labels(RequestContext&, app::Services& services, const app::Principal&) {
  co_return render(co_await services.labels.list(), status::ok, list_of<core::Label>("labels"));
}

asio::awaitable<Response> put_conversation_labels(RequestContext& context, app::Services& services,
                                                  const app::Principal& principal, const boost::json::object& body) {
  auto labels = optional_string_list(body, "labels", core::kMaxLabelsPerConversation);
  if (!labels) co_return error_response(labels.error());
  if (!*labels) co_return error_response({core::ErrorCode::invalid_field, "labels is required (an array of names)"});
  auto conversation = co_await services.labels.apply(actor_of(principal), context.param("id"), std::move(**labels));
  co_return render(conversation, status::ok, conversation_json);
}

asio::awaitable<Response> post_label(RequestContext&, app::Services& services, const app::Principal& principal,
                                     const boost::json::object& body) {
  auto fields = required_strings<2>(body, {"name", "color"});
  if (!fields) co_return error_response(fields.error());
  auto label = co_await services.labels.create(actor_of(principal), std::move((*fields)[0]), std::move((*fields)[1]));
  co_return render(label, status::created, label_json);
}

asio::awaitable<Response> delete_label(RequestContext& context, app::Services& services,
                                       const app::Principal& principal) {
  auto name = decoded_param(context, "name");
  if (!name) co_return error_response({core::ErrorCode::not_found, "no such label"});
  auto removed = co_await services.labels.remove(actor_of(principal), std::move(*name));
  if (!removed) co_return error_response(removed.error());
  co_return no_content();
}

constexpr ConsoleRoute kConsoleRoutes[] = {
    {verb::get, "/api/v1/conversations/{id}/notes", get_notes},
    {verb::post, "/api/v1/conversations/{id}/notes", post_note},
    {verb::put, "/api/v1/conversations/{id}/labels", put_conversation_labels},
    {verb::get, "/api/v1/me/mentions", get_my_mentions},
    {verb::post, "/api/v1/me/mentions/{id}/read", post_mention_read},
    {verb::get, "/api/v1/canned_replies", get_canned_replies},
    {verb::post, "/api/v1/canned_replies", post_canned_reply},
    {verb::put, "/api/v1/canned_replies/{id}", put_canned_reply},
    {verb::delete_, "/api/v1/canned_replies/{id}", delete_canned_reply},
    {verb::get, "/api/v1/labels", get_labels},
};

constexpr ConsoleRoute kAdminRoutes[] = {
    {verb::post, "/api/v1/labels", post_label},
    {verb::delete_, "/api/v1/labels/{name}", delete_label},
};

}  // namespace

RouteTables team_routes() { return {.console = kConsoleRoutes, .admin = kAdminRoutes}; }

}  // namespace baton::channels::http
