// The pictures on the rich menu, drawn with cairo paths: a white disc holding a person with a
// headset (the Live Agent area) or a shopping bag (the shop area), in the background colour.
#pragma once

#include <cairo.h>

namespace baton::channels::line {

struct Rgb {
  double red = 0;
  double green = 0;
  double blue = 0;
};

// Centred on (x, y), `radius` across to the disc's edge.
void draw_agent_sign(cairo_t* cr, double x, double y, double radius, Rgb ink);
void draw_shop_sign(cairo_t* cr, double x, double y, double radius, Rgb ink);

}  // namespace baton::channels::line
