// LINE: connecting an assistant (console) and the webhook LINE calls.
#pragma once

#include "channels/http/route_table.hpp"

namespace baton::channels::line {

http::RouteTables line_routes();

}  // namespace baton::channels::line
