// The default rich-menu image Baton ships: a 2500 x 843 PNG (LINE's "compact" size) drawn with
// cairo, its text in Noto Sans CJK. A Live Agent sign with "真人客服 / Live Agent"; with a shop
// link the image is split in two, the right half a "前往商店 / Visit shop" sign.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace baton::channels::line {

inline constexpr int kRichMenuWidth = 2500;
inline constexpr int kRichMenuHeight = 843;
// Where the shop area begins when the menu has one (the Live Agent area is left of it).
inline constexpr int kShopAreaX = kRichMenuWidth / 2;

// Which words the image carries.
enum class MenuLanguage { zh_tw, en, both };

// "zh-TW", "en" or "both"; nothing for anything else.
std::optional<MenuLanguage> menu_language_named(std::string_view name);

struct MenuImageOptions {
  MenuLanguage language = MenuLanguage::both;
  bool with_shop_area = false;
};

// The PNG's bytes; fails when the font is not installed.
core::Result<std::string> default_rich_menu_png(const MenuImageOptions& options = {});

}  // namespace baton::channels::line
