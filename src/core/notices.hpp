// The words of the system notices, rendered from their event in a reader's language (zh-TW or
// English). A notice is stored with its event, its details and one neutral text; each reader
// (the widget, the console, LINE) renders it from the event, never by splitting a text.
#pragma once

#include <optional>
#include <string>

#include "core/types.hpp"

namespace baton::core {

// What the notice of `event` needs beyond its event, for `assistant` at `now`: no_agents_online
// outside business hours is the closed notice (with the next opening in the schedule's zone);
// otherwise it is the assistant's own offline message when it has one (custom_text).
NoticeDetails notice_details(SystemEvent event, const Assistant& assistant, TimePoint now);

// The text stored with a notice, for readers that do not know its event (API clients, webhooks,
// search): the assistant's offline message as written for custom_text, else the notice in
// English. `notice` carries the event, its details and created_at.
std::string stored_notice_text(const Message& notice, const Assistant& assistant);

// A system message for a reader: in `language` (a BCP 47 tag: Chinese for zh-*, English
// otherwise), or, when the reader's language is unknown, in both, Chinese first, a line each.
// Text an assistant wrote (custom_text) and a message without an event come as written.
std::string notice_for_reader(const Message& notice, const std::optional<std::string>& language);

}  // namespace baton::core
