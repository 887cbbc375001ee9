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

boost::json::value conversation_json(const core::Conversation& c) { return app::to_json(c); }

// Customer files are untrusted: shown inline only when they are images (as the type LINE gave),
// never sniffed, and sandboxed so that an HTML "photo" could not run in the console's origin.
Response attachment_response(const core::Attachment& attachment, std::string data) {
  Response response{status::ok, 11};
  const bool image = attachment.content_type.rfind("image/", 0) == 0 && attachment.content_type != "image/svg+xml";
  response.set(beast_http::field::content_type,
               attachment.content_type.empty() ? "application/octet-stream" : attachment.content_type);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Content-Security-Policy", "sandbox; default-src 'none'");
  response.set(beast_http::field::cache_control, "private, max-age=86400");
  if (!image) {
    std::string name = attachment.file_name.empty() ? attachment.id : attachment.file_name;
    // Only safe characters in the header; the console shows the real name from the message.
    for (auto& ch : name) {
      if (ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e)
        ch = '_';
    }
    response.set(beast_http::field::content_disposition, "attachment; filename=\"" + name + "\"");
  }
  response.body() = std::move(data);
  response.prepare_payload();
  return response;
}

}  // namespace

// GET .../messages?after_seq=N&limit=M, shared with the widget's history endpoint.
asio::awaitable<Response> messages_page(RequestContext& c, app::ConversationService& conversations,
                                        const core::Id& conversation_id) {
  constexpr auto kLast = std::numeric_limits<std::int64_t>::max();
  auto limit = integer_query(c, "limit", 100, 1, core::kMaxPageSize);
  if (!limit) co_return error_response(limit.error());
  if (c.query("before_seq")) {
    auto before_seq = integer_query(c, "before_seq", kLast, 1, kLast);
    if (!before_seq) co_return error_response(before_seq.error());
    auto page = co_await conversations.messages_before(conversation_id, *before_seq, static_cast<int>(*limit));
    co_return render(page, status::ok,
                     [](const std::vector<core::Message>& list) { return app::to_json_list("messages", list); });
  }
  auto after_seq = integer_query(c, "after_seq", 0, 0, kLast);
  if (!after_seq) co_return error_response(after_seq.error());
  auto messages = co_await conversations.messages(conversation_id, *after_seq, static_cast<int>(*limit));
  co_return render(messages, status::ok,
                   [](const std::vector<core::Message>& list) { return app::to_json_list("messages", list); });
}

void add_conversation_routes(Router& router, app::Services& s) {
  router.add(verb::get, "/api/v1/conversations", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      auto view = parse_view(c.query("view").value_or("all"));
      if (!view) co_return error_response({core::ErrorCode::invalid_field, "view must be all, live_agent, ai or done"});
      auto assistant_id = c.query("assistant_id");
      auto limit = integer_query(c, "limit", 100, 1, 200);
      if (!limit) co_return error_response(limit.error());
      auto before = c.query("before");
      auto page =
          co_await s.conversations.list(*view, std::move(assistant_id), static_cast<int>(*limit), std::move(before));
      co_return render(page, status::ok, [](const app::ConversationPage& found) {
        auto body = app::to_json_list("conversations", found.conversations);
        body["next_cursor"] = found.next_cursor ? boost::json::value(*found.next_cursor) : boost::json::value(nullptr);
        return body;
      });
    });
  });

  router.add(verb::get, "/api/v1/conversations/{id}", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      co_return render(co_await s.conversations.get(c.param("id")), status::ok, conversation_json);
    });
  });

  // A file a customer sent (a LINE photo, video, voice message or file), for the console.
  router.add(verb::get, "/api/v1/conversations/{id}/attachments/{attachment_id}",
             [&s](RequestContext& c) -> asio::awaitable<Response> {
               co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
                 auto file = co_await s.conversations.attachment(c.param("id"), c.param("attachment_id"));
                 if (!file) co_return error_response(file.error());
                 co_return attachment_response(file->first, std::move(file->second));
               });
             });

  router.add(verb::get, "/api/v1/conversations/{id}/messages", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      co_return co_await messages_page(c, s.conversations, c.param("id"));
    });
  });

  // The conversation's event log (team operations §4.0): what reports and integrations read.
  router.add(verb::get, "/api/v1/conversations/{id}/events", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal&) -> asio::awaitable<Response> {
      auto limit = integer_query(c, "limit", 100, 1, core::kMaxPageSize);
      if (!limit) co_return error_response(limit.error());
      auto after_seq = integer_query(c, "after_seq", 0, 0, std::numeric_limits<std::int64_t>::max());
      if (!after_seq) co_return error_response(after_seq.error());
      auto events = co_await s.conversations.events(c.param("id"), *after_seq, static_cast<int>(*limit));
      co_return render(events, status::ok, [](const std::vector<core::ConversationEvent>& list) {
        return app::to_json_list("events", list);
      });
    });
  });

  router.add(verb::post, "/api/v1/conversations/{id}/messages", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      auto body = parse_object(c.request.body());
      if (!body) co_return error_response(body.error());
      auto text = required_string(*body, "text");
      if (!text) co_return error_response(text.error());
      auto message = co_await s.conversations.agent_send(actor_of(p), c.param("id"), std::move(*text));
      co_return render(message, status::created, [](const core::Message& m) { return app::to_json(m); });
    });
  });

  router.add(verb::post, "/api/v1/conversations/{id}/typing", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      auto conversation = co_await s.conversations.agent_typing(p.agent, c.param("id"));
      if (!conversation) co_return error_response(conversation.error());
      co_return no_content();
    });
  });

  router.add(verb::post, "/api/v1/conversations/{id}/takeover", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      co_return render(co_await s.conversations.take_over(actor_of(p), c.param("id")), status::ok, conversation_json);
    });
  });

  router.add(verb::post, "/api/v1/conversations/{id}/done", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      co_return render(co_await s.conversations.finish(actor_of(p), c.param("id")), status::ok, conversation_json);
    });
  });

  router.add(verb::post, "/api/v1/conversations/{id}/reactivate", [&s](RequestContext& c) -> asio::awaitable<Response> {
    co_return co_await as_console_user(c, s.auth, [&](const app::Principal& p) -> asio::awaitable<Response> {
      co_return render(co_await s.conversations.reactivate(actor_of(p), c.param("id")), status::ok, conversation_json);
    });
  });
}

}  // namespace baton::channels::http
