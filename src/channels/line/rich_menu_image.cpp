#include "channels/line/rich_menu_image.hpp"

#include <algorithm>
#include <vector>

#include "channels/line/menu_font.hpp"
#include "channels/line/menu_signs.hpp"

namespace baton::channels::line {
namespace {

constexpr Rgb kLineGreen{0x06 / 255.0, 0xc7 / 255.0, 0x55 / 255.0};

// One line of text on the menu, at its full size (a narrow area shrinks every line alike).
struct TextLine {
  std::string text;
  double size;
  double opacity;
};

struct Area {
  double x;
  double width;
};

enum class Sign { agent, shop };

std::vector<TextLine> lines_for(Sign sign, MenuLanguage language) {
  const bool agent = sign == Sign::agent;
  const std::string chinese = agent ? "真人客服" : "前往商店";
  const std::string english = agent ? "Live Agent" : "Visit shop";
  switch (language) {
    case MenuLanguage::zh_tw:
      return {{chinese, 210, 1.0}};
    case MenuLanguage::en:
      return {{english, 190, 1.0}};
    case MenuLanguage::both:
      break;
  }
  return {{chinese, 180, 1.0}, {english, 116, 0.92}};
}

cairo_text_extents_t measure(cairo_t* cr, const TextLine& line, double scale) {
  cairo_set_font_size(cr, line.size * scale);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, line.text.c_str(), &extents);
  return extents;
}

double widest(cairo_t* cr, const std::vector<TextLine>& lines, double scale) {
  double width = 0;
  for (const auto& line : lines) width = std::max(width, measure(cr, line, scale).width);
  return width;
}

// The lines stacked by their ink, left-aligned at `left`, the block centred on `middle`.
void draw_lines(cairo_t* cr, const std::vector<TextLine>& lines, double scale, double left, double middle) {
  const double gap = 44 * scale;
  double block = gap * static_cast<double>(lines.size() - 1);
  for (const auto& line : lines) block += measure(cr, line, scale).height;
  double top = middle - block / 2;
  for (const auto& line : lines) {
    const auto extents = measure(cr, line, scale);
    cairo_set_source_rgba(cr, 1, 1, 1, line.opacity);
    cairo_move_to(cr, left - extents.x_bearing, top - extents.y_bearing);
    cairo_show_text(cr, line.text.c_str());
    top += extents.height + gap;
  }
}

double sign_radius(Area area) { return area.width > 2000 ? 250 : 210; }
double sign_spacing(Area area) { return sign_radius(area) * 0.45; }

// How much the area's words must shrink to fit beside the sign (1: not at all).
double fitting_scale(cairo_t* cr, Area area, Sign sign, MenuLanguage language) {
  const double margin = 90;
  const double room = area.width - 2 * margin - 2 * sign_radius(area) - sign_spacing(area);
  return std::min(1.0, room / widest(cr, lines_for(sign, language), 1.0));
}

// The sign and the words beside it, centred in the area together.
void draw_area(cairo_t* cr, Area area, Sign sign, MenuLanguage language, double scale) {
  const double radius = sign_radius(area);
  const double spacing = sign_spacing(area);
  const auto lines = lines_for(sign, language);
  const double content = 2 * radius + spacing + widest(cr, lines, scale);
  const double left = area.x + (area.width - content) / 2;
  const double middle = kRichMenuHeight / 2.0;
  if (sign == Sign::agent) {
    draw_agent_sign(cr, left + radius, middle, radius, kLineGreen);
  } else {
    draw_shop_sign(cr, left + radius, middle, radius, kLineGreen);
  }
  draw_lines(cr, lines, scale, left + 2 * radius + spacing, middle);
}

// Two areas side by side, their words at one size so neither looks louder.
void draw_two_areas(cairo_t* cr, MenuLanguage language) {
  const Area agent{0, kShopAreaX};
  const Area shop{kShopAreaX, kRichMenuWidth - kShopAreaX};
  const double scale =
      std::min(fitting_scale(cr, agent, Sign::agent, language), fitting_scale(cr, shop, Sign::shop, language));
  draw_area(cr, agent, Sign::agent, language, scale);
  draw_area(cr, shop, Sign::shop, language, scale);
}

void draw_divider(cairo_t* cr) {
  cairo_set_source_rgba(cr, 1, 1, 1, 0.55);
  cairo_set_line_width(cr, 6);
  cairo_move_to(cr, kShopAreaX, 130);
  cairo_line_to(cr, kShopAreaX, kRichMenuHeight - 130);
  cairo_stroke(cr);
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

core::Result<std::string> png_of(cairo_surface_t* surface) {
  std::string png;
  if (cairo_surface_write_to_png_stream(surface, append_to_string, &png) != CAIRO_STATUS_SUCCESS)
    return core::fail(core::ErrorCode::unavailable, "cairo could not write the PNG");
  return png;
}

}  // namespace

std::optional<MenuLanguage> menu_language_named(std::string_view name) {
  if (name == "zh-TW") return MenuLanguage::zh_tw;
  if (name == "en") return MenuLanguage::en;
  if (name == "both") return MenuLanguage::both;
  return std::nullopt;
}

core::Result<std::string> default_rich_menu_png(const MenuImageOptions& options) {
  auto font = load_menu_font();
  if (!font) return tl::unexpected(font.error());
  // RGB without alpha: the menu is opaque, and the PNG is smaller for it.
  SurfaceHandle surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kRichMenuWidth, kRichMenuHeight));
  ContextHandle cr(cairo_create(surface.get()));
  cairo_set_source_rgb(cr.get(), kLineGreen.red, kLineGreen.green, kLineGreen.blue);
  cairo_paint(cr.get());
  cairo_set_font_face(cr.get(), font->get());
  if (options.with_shop_area) {
    draw_two_areas(cr.get(), options.language);
    draw_divider(cr.get());
  } else {
    const Area whole{0, kRichMenuWidth};
    draw_area(cr.get(), whole, Sign::agent, options.language,
              fitting_scale(cr.get(), whole, Sign::agent, options.language));
  }
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
    return core::fail(core::ErrorCode::unavailable, "cairo could not draw the rich menu image");
  cairo_surface_flush(surface.get());
  return png_of(surface.get());
}

}  // namespace baton::channels::line
