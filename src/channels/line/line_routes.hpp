// LINE: connecting an assistant (console) and the webhook LINE calls.
#pragma once

#include "app/services.hpp"
#include "channels/http/router.hpp"

namespace baton::channels::line {

void add_line_routes(http::Router& router, app::Services& services);

}  // namespace baton::channels::line
