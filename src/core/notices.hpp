// The words of the system messages customers see, in both product languages.
#pragma once

#include <optional>
#include <string>

#include "core/types.hpp"

namespace baton::core {

// A bilingual (zh-TW, then English) text for a system event; the offline message of the
// assistant is used for `no_agents_online` when it has one.
std::string notice_text(SystemEvent event, const Assistant& assistant);

// Outside the assistant's business hours: the no-agents notice naming the next opening in the
// schedule's zone, in both languages ("我們將於週一 09:00（GMT+8）回覆"); unset while open.
std::optional<std::string> closed_notice(const Assistant& assistant, TimePoint now);

// The handoff notice with the customer's place in the queue, for a channel that cannot be told
// of it later (LINE: sent once, with the free reply).
std::string handoff_notice_with_place(int position);

// A notice for a reader whose language is known (a BCP 47 tag): the Chinese line for zh-*, the
// English one otherwise. Texts that are not two lines (an assistant's own wording) stay whole.
std::string notice_for_reader(const std::string& text, const std::string& language);

}  // namespace baton::core
