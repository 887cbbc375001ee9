// The REST endpoints of API.md, grouped by audience; each handler parses, calls one service,
// and renders.
#pragma once

#include "app/services.hpp"
#include "channels/http/router.hpp"

namespace baton::channels::http {

void add_auth_routes(Router& router, app::Services& services);
void add_assistant_routes(Router& router, app::Services& services);
void add_conversation_routes(Router& router, app::Services& services);
void add_widget_routes(Router& router, app::Services& services);

// GET .../messages?after_seq=N&limit=M for one conversation (console and widget).
boost::asio::awaitable<Response> messages_page(RequestContext& context, app::ConversationService& conversations,
                                               const core::Id& conversation_id);

inline void add_api_routes(Router& router, app::Services& services) {
  add_auth_routes(router, services);
  add_assistant_routes(router, services);
  add_conversation_routes(router, services);
  add_widget_routes(router, services);
}

}  // namespace baton::channels::http
