#include "channels/ws/socket_endpoints.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

#include "app/wire_format.hpp"
#include "channels/http/console_auth.hpp"
#include "channels/http/responses.hpp"
#include "channels/ws/socket_session.hpp"

namespace baton::channels::ws {
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

asio::awaitable<void> refuse(beast::tcp_stream& stream, const core::Error& error) {
  auto response = http::error_response(error);
  response.keep_alive(false);
  response.prepare_payload();
  co_await beast::http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> serve_agent_socket(beast::tcp_stream& stream, http::Request& request,
                                         const http::RequestContext& context, app::Services& s) {
  auto token = http::console_socket_token(context);
  auto principal = co_await s.auth.authenticate(token.value_or(""));
  if (!principal) co_return co_await refuse(stream, principal.error());

  const core::Id agent_id = principal->agent.id;
  auto session = std::make_shared<SocketSession>(std::move(stream));
  // The popup goes only to agents who are available when it happens.
  session->hold(s.bus.subscribe(bus::topics::agents(), [weak = std::weak_ptr<SocketSession>(session), agent_id,
                                                        &presence = s.presence](const bus::Event& event) {
    if (event.type == "handoff.requested" && !presence.is_available(agent_id)) return;
    if (auto self = weak.lock()) self->send(event.payload);
  }));
  s.presence.socket_opened(agent_id);
  co_await session->run(request);
  s.presence.socket_closed(agent_id);
}

asio::awaitable<void> serve_widget_socket(beast::tcp_stream& stream, http::Request& request,
                                          const http::RequestContext& context, app::Services& s) {
  auto token = context.query("token");
  if (!token) {
    const core::Error missing{core::ErrorCode::unauthorized, "pass ?token=VISITOR_TOKEN"};
    co_return co_await refuse(stream, missing);
  }
  auto visitor = co_await s.conversations.identify_visitor(*token);
  if (!visitor) co_return co_await refuse(stream, visitor.error());

  auto session = std::make_shared<SocketSession>(std::move(stream));
  session->hold(s.bus.subscribe(bus::topics::conversation(visitor->conversation_id), session->forwarder()));
  session->hold(s.bus.subscribe(bus::topics::presence(), session->forwarder()));
  // The count as it is now, so the widget never shows a stale number.
  session->send(app::event_frame(
      boost::json::object{{"type", "presence.updated"}, {"agents_online", s.presence.available_count()}}));
  co_await session->run(request);
}

}  // namespace

http::UpgradeHandler socket_endpoints(app::Services& services) {
  return [&services](beast::tcp_stream& stream, http::Request& request) -> asio::awaitable<bool> {
    auto url = boost::urls::parse_origin_form(request.target());
    if (!url) co_return false;
    http::RequestContext context{request, *url, {}};
    const std::string path = url->path();
    if (path == "/api/v1/agent/ws") {
      co_await serve_agent_socket(stream, request, context, services);
      co_return true;
    }
    if (path == "/api/v1/widget/ws") {
      co_await serve_widget_socket(stream, request, context, services);
      co_return true;
    }
    co_return false;
  };
}

}  // namespace baton::channels::ws
