#include "core/labels.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace baton::core {

Result<std::string> validate_label_name(std::string_view name) {
  const auto trimmed = trim_text(name);
  const auto length = utf8_length(trimmed);
  if (length < 1 || static_cast<std::size_t>(length) > kMaxLabelChars || !word_characters_only(trimmed)) {
    return fail(ErrorCode::invalid_field,
                "label name must be 1 to 50 letters, digits, - or _ (any script, no spaces or punctuation)");
  }
  return ascii_lower(trimmed);
}

Result<std::string> validate_label_color(std::string_view color) {
  const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  if (color.size() != 7 || color[0] != '#' || !std::all_of(color.begin() + 1, color.end(), hex)) {
    return fail(ErrorCode::invalid_field, "color must be #rrggbb");
  }
  return ascii_lower(color);
}

Result<std::vector<std::string>> labels_to_apply(const std::vector<std::string>& requested,
                                                 const std::vector<Label>& catalog) {
  std::vector<std::string> labels;
  for (const auto& raw : requested) {
    const auto name = ascii_lower(trim_text(raw));
    const auto known = std::any_of(catalog.begin(), catalog.end(), [&](const Label& l) { return l.name == name; });
    if (!known) return fail(ErrorCode::invalid_field, "no label named \"" + std::string(raw) + "\" in the catalog");
    if (std::find(labels.begin(), labels.end(), name) == labels.end()) labels.push_back(name);
  }
  if (labels.size() > kMaxLabelsPerConversation) {
    return fail(ErrorCode::invalid_field, "a conversation carries at most 20 labels");
  }
  return labels;
}

}  // namespace baton::core
