// Labels (team operations §4.7): the catalog's names and colours, and what may be applied.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

namespace baton::core {

inline constexpr std::size_t kMaxLabelChars = 50;
inline constexpr std::size_t kMaxLabelsPerConversation = 20;
inline constexpr std::size_t kMaxCatalogLabels = 500;

// 1..50 word characters (any script, `-`, `_`), ASCII letters lower-cased: `refund`, `退款`.
// One form per name, so that the filter and the catalog never disagree on case.
Result<std::string> validate_label_name(std::string_view name);
// #rrggbb, lower-cased.
Result<std::string> validate_label_color(std::string_view color);
// The labels a conversation is to carry: each a catalog name (400 invalid_field names the first
// that is not), repeats dropped, in the order given, at most kMaxLabelsPerConversation.
Result<std::vector<std::string>> labels_to_apply(const std::vector<std::string>& requested,
                                                 const std::vector<Label>& catalog);

}  // namespace baton::core
