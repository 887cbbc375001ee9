// The font the rich-menu image is written in: Noto Sans CJK Bold (Debian's fonts-noto-cjk), found
// through fontconfig by its family name, so Chinese and English share one typeface.
#pragma once

#include "channels/line/cairo_handles.hpp"
#include "core/error.hpp"

namespace baton::channels::line {

inline constexpr const char* kMenuFontFamily = "Noto Sans CJK TC";

// Fails (instead of falling back to whatever fontconfig offers) when the font is not installed:
// a substitute without Chinese glyphs would draw empty boxes.
core::Result<FontFaceHandle> load_menu_font();

}  // namespace baton::channels::line
