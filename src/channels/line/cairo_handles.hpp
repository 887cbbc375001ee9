// Owning handles for the cairo and fontconfig objects the rich-menu image is drawn with, so each
// is released on every path out of a function (the ASan build checks for leaks).
#pragma once

#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include <memory>

namespace baton::channels::line {

struct CairoSurfaceRelease {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct CairoContextRelease {
  void operator()(cairo_t* context) const { cairo_destroy(context); }
};
struct CairoFontFaceRelease {
  void operator()(cairo_font_face_t* face) const { cairo_font_face_destroy(face); }
};
struct FcConfigRelease {
  void operator()(FcConfig* config) const { FcConfigDestroy(config); }
};
struct FcPatternRelease {
  void operator()(FcPattern* pattern) const { FcPatternDestroy(pattern); }
};

using SurfaceHandle = std::unique_ptr<cairo_surface_t, CairoSurfaceRelease>;
using ContextHandle = std::unique_ptr<cairo_t, CairoContextRelease>;
using FontFaceHandle = std::unique_ptr<cairo_font_face_t, CairoFontFaceRelease>;
using FontConfigHandle = std::unique_ptr<FcConfig, FcConfigRelease>;
using PatternHandle = std::unique_ptr<FcPattern, FcPatternRelease>;

}  // namespace baton::channels::line
