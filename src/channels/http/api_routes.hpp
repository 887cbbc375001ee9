// The REST endpoints of API.md: each file's handlers parse, call one service and render, and
// its tables (route_table.hpp) say who may call them.
#pragma once

#include "app/services.hpp"
#include "channels/http/route_table.hpp"
#include "channels/http/router.hpp"

namespace baton::channels::http {

RouteTables auth_routes();
RouteTables assistant_routes();
RouteTables conversation_routes();
RouteTables widget_routes();
RouteTables team_routes();
RouteTables report_routes();
RouteTables email_routes();
RouteTables webhook_routes();
RouteTables file_routes();

// GET .../messages?after_seq=N&limit=M for one conversation (console and widget; the customer's
// copy without what only agents see).
enum class Reader { agent, customer };
boost::asio::awaitable<Response> messages_page(RequestContext& context, app::ConversationService& conversations,
                                               const core::Id& conversation_id, Reader reader = Reader::agent);

inline void add_api_routes(Router& router, app::Services& services) {
  for (const auto& tables : {auth_routes(), assistant_routes(), conversation_routes(), widget_routes(), team_routes(),
                             report_routes(), email_routes(), webhook_routes(), file_routes()}) {
    add_routes(router, services, tables);
  }
}

}  // namespace baton::channels::http
