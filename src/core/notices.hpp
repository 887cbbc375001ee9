// The words of the system messages customers see, in both product languages.
#pragma once

#include <string>

#include "core/types.hpp"

namespace baton::core {

// A bilingual (zh-TW, then English) text for a system event; the offline message of the
// assistant is used for `no_agents_online` when it has one.
std::string notice_text(SystemEvent event, const Assistant& assistant);

}  // namespace baton::core
