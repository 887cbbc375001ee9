// Internal notes (team operations §4.6): what a note may say and whom it may mention.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

namespace baton::core {

inline constexpr std::size_t kMaxMentions = 20;

struct NoteContent {
  std::string text;
  std::vector<Id> mentions;
};

// The text as a message text (trimmed, 1..4000 characters); the mentions each an agent of the
// team who can sign in (400 invalid_field names the first that is not), repeats dropped, the
// author's own name dropped (nobody is told of their own note), at most kMaxMentions.
Result<NoteContent> validate_note(std::string_view text, const std::vector<Id>& mentions, const Id& author,
                                  const std::vector<Agent>& team);

}  // namespace baton::core
