// Canned replies (team operations §4.5): the shortcut rule, the little template language of
// their text, and the picker's search.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

namespace baton::core {

inline constexpr std::size_t kMaxShortcutChars = 32;

// 1..32 word characters (letters of any script, digits, `-`, `_`), e.g. `refund` or `退貨`.
Result<std::string> validate_shortcut(std::string_view shortcut);
// The form two shortcuts are compared in (unique per scope): ASCII letters lower-cased.
std::string shortcut_key(std::string_view shortcut);

// The variables a text may hold, each as {{name}} or {{name|fallback}}.
inline constexpr std::string_view kTemplateVariables[] = {"contact.name", "agent.name", "assistant.name"};

// The text as stored: a message text whose every {{...}} is closed and names a known variable,
// so that nothing is ever sent with a raw {{...}} in it.
Result<std::string> validate_canned_text(std::string_view text);

struct TemplateValues {
  std::string contact_name;
  std::string agent_name;
  std::string assistant_name;
};

// The text with each variable replaced by its value, or its fallback when the value is empty
// (nothing when it has none). Expects a text validate_canned_text accepted.
std::string render_canned_text(std::string_view text, const TemplateValues& values);

// The picker's search: the shortcut starting with the query or the text containing it, ASCII
// case folded (CJK has no case); a leading `/` is ignored; an empty query matches everything.
// Shortcut matches come first, then text matches, each by shortcut.
std::vector<CannedReply> search_canned_replies(std::vector<CannedReply> replies, std::string_view query);

}  // namespace baton::core
