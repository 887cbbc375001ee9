#include "channels/line/menu_font.hpp"

#include <cairo-ft.h>

#include <string_view>

namespace baton::channels::line {
namespace {

PatternHandle bold_pattern_for(FcConfig* config, const char* family) {
  PatternHandle pattern(FcPatternCreate());
  if (!pattern) return pattern;
  FcPatternAddString(pattern.get(), FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
  FcPatternAddInteger(pattern.get(), FC_WEIGHT, FC_WEIGHT_BOLD);
  FcConfigSubstitute(config, pattern.get(), FcMatchPattern);
  FcDefaultSubstitute(pattern.get());
  return pattern;
}

// fontconfig always answers its best match, which may be another family altogether (DejaVu).
bool is_family(FcPattern* match, std::string_view family) {
  FcChar8* found = nullptr;
  for (int index = 0; FcPatternGetString(match, FC_FAMILY, index, &found) == FcResultMatch; ++index) {
    if (std::string_view(reinterpret_cast<const char*>(found)) == family) return true;
  }
  return false;
}

}  // namespace

core::Result<FontFaceHandle> load_menu_font() {
  const std::string missing =
      std::string("the font \"") + kMenuFontFamily + "\" (Bold) is not installed; install Debian's fonts-noto-cjk";
  // A configuration of our own, released when the font is found: fontconfig's shared default
  // one is never freed, and ASan counts what its parser keeps as leaked.
  FontConfigHandle config(FcInitLoadConfigAndFonts());
  PatternHandle wanted = config ? bold_pattern_for(config.get(), kMenuFontFamily) : nullptr;
  if (!wanted) return core::fail(core::ErrorCode::unavailable, "fontconfig could not start");
  FcResult result = FcResultNoMatch;
  PatternHandle match(FcFontMatch(config.get(), wanted.get(), &result));
  if (!match || result != FcResultMatch || !is_family(match.get(), kMenuFontFamily))
    return core::fail(core::ErrorCode::unavailable, missing);
  // cairo opens the matched file itself and keeps its own reference to the pattern.
  FontFaceHandle face(cairo_ft_font_face_create_for_pattern(match.get()));
  if (cairo_font_face_status(face.get()) != CAIRO_STATUS_SUCCESS)
    return core::fail(core::ErrorCode::unavailable, missing);
  return face;
}

}  // namespace baton::channels::line
