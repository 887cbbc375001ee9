// LINE's webhook body (webhook.yml: CallbackRequest) as Baton's events: one-to-one chats only
// (source type user, mode active); what a customer sends that is not text becomes a readable
// placeholder for the agent, and photos, videos, audio and files are fetched afterwards.
#pragma once

#include <boost/json/array.hpp>
#include <string>
#include <vector>

#include "app/line_inbound_service.hpp"

namespace baton::channels::line {

struct ParsedEvents {
  std::vector<app::LineEvent> events;
  int ignored = 0;  // groups, standby mode, event types Baton does not act on, malformed events
};

ParsedEvents parse_line_events(const boost::json::array& events);

}  // namespace baton::channels::line
