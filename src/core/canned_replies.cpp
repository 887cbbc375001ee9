#include "core/canned_replies.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace baton::core {
namespace {

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";

// One {{name|fallback}} as written: where it is, what it names, its fallback.
struct Placeholder {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the closing braces
  std::string_view name;
  std::optional<std::string_view> fallback;
};

// The placeholder starting at or after `from`; an error for one left open.
Result<std::optional<Placeholder>> next_placeholder(std::string_view text, std::size_t from) {
  const auto begin = text.find(kOpen, from);
  if (begin == std::string_view::npos) return std::optional<Placeholder>();
  const auto close = text.find(kClose, begin + kOpen.size());
  if (close == std::string_view::npos) return fail(ErrorCode::invalid_field, "text has a {{ without }}");
  auto inside = text.substr(begin + kOpen.size(), close - begin - kOpen.size());
  Placeholder placeholder{begin, close + kClose.size(), inside, std::nullopt};
  if (const auto bar = inside.find('|'); bar != std::string_view::npos) {
    placeholder.name = inside.substr(0, bar);
    placeholder.fallback = trim_text(inside.substr(bar + 1));
  }
  placeholder.name = trim_text(placeholder.name);
  return std::optional<Placeholder>(placeholder);
}

bool known_variable(std::string_view name) {
  return std::find(std::begin(kTemplateVariables), std::end(kTemplateVariables), name) != std::end(kTemplateVariables);
}

std::string_view value_of(std::string_view name, const TemplateValues& values) {
  if (name == "contact.name") return values.contact_name;
  if (name == "agent.name") return values.agent_name;
  return values.assistant_name;
}

}  // namespace

Result<std::string> validate_shortcut(std::string_view shortcut) {
  const auto trimmed = trim_text(shortcut);
  const auto length = utf8_length(trimmed);
  if (length < 1 || static_cast<std::size_t>(length) > kMaxShortcutChars || !word_characters_only(trimmed)) {
    return fail(ErrorCode::invalid_field,
                "shortcut must be 1 to 32 letters, digits, - or _ (any script, no spaces or punctuation)");
  }
  return std::string(trimmed);
}

std::string shortcut_key(std::string_view shortcut) { return ascii_lower(shortcut); }

Result<std::string> validate_canned_text(std::string_view raw) {
  auto text = validate_message_text(raw);
  if (!text) return text;
  for (std::size_t at = 0;;) {
    auto placeholder = next_placeholder(*text, at);
    if (!placeholder) return tl::unexpected(placeholder.error());
    if (!*placeholder) break;
    const auto& found = **placeholder;
    if (!known_variable(found.name)) {
      return fail(ErrorCode::invalid_field, "unknown variable {{" + std::string(found.name) +
                                                "}}: use contact.name, agent.name or assistant.name");
    }
    // A brace in a fallback could meet the text's own and spell a {{variable}} that is never
    // filled in ({{contact.name|{}}{agent.name}} would send "{{agent.name}}" raw).
    if (found.fallback && found.fallback->find_first_of("{}") != std::string_view::npos) {
      return fail(ErrorCode::invalid_field, "a fallback cannot hold { or }");
    }
    at = found.end;
  }
  return text;
}

std::string render_canned_text(std::string_view text, const TemplateValues& values) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (;;) {
    auto placeholder = next_placeholder(text, at);
    if (!placeholder || !*placeholder) break;
    const auto& found = **placeholder;
    out.append(text.substr(at, found.begin - at));
    const auto value = trim_text(value_of(found.name, values));
    if (!value.empty()) {
      out.append(value);
    } else if (found.fallback) {
      out.append(*found.fallback);
    }
    at = found.end;
  }
  out.append(text.substr(at));
  return out;
}

std::vector<CannedReply> search_canned_replies(std::vector<CannedReply> replies, std::string_view query) {
  auto folded = ascii_lower(trim_text(query));
  if (!folded.empty() && folded.front() == '/') folded.erase(0, 1);
  // 0: the shortcut starts with the query; 1: the text holds it; 2: no match.
  const auto rank = [&](const CannedReply& reply) {
    if (shortcut_key(reply.shortcut).starts_with(folded)) return 0;
    if (ascii_lower(reply.text).find(folded) != std::string::npos) return 1;
    return 2;
  };
  std::vector<std::pair<int, CannedReply>> ranked;
  ranked.reserve(replies.size());
  for (auto& reply : replies) {
    const int r = rank(reply);
    if (r < 2) ranked.emplace_back(r, std::move(reply));
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return shortcut_key(a.second.shortcut) < shortcut_key(b.second.shortcut);
  });
  std::vector<CannedReply> out;
  out.reserve(ranked.size());
  for (auto& [r, reply] : ranked) out.push_back(std::move(reply));
  return out;
}

}  // namespace baton::core
