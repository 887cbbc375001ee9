#include "core/notes.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace baton::core {

Result<NoteContent> validate_note(std::string_view raw_text, const std::vector<Id>& mentions, const Id& author,
                                  const std::vector<Agent>& team) {
  auto text = validate_message_text(raw_text);
  if (!text) return tl::unexpected(text.error());
  if (mentions.size() > kMaxMentions) return fail(ErrorCode::invalid_field, "a note mentions at most 20 agents");
  NoteContent content{std::move(*text), {}};
  for (const auto& id : mentions) {
    const auto member = std::find_if(team.begin(), team.end(), [&](const Agent& a) { return a.id == id; });
    if (member == team.end() || member->disabled) {
      return fail(ErrorCode::invalid_field, "mentions: no agent " + id + " on the team");
    }
    if (id == author) continue;
    if (std::find(content.mentions.begin(), content.mentions.end(), id) == content.mentions.end()) {
      content.mentions.push_back(id);
    }
  }
  return content;
}

}  // namespace baton::core
