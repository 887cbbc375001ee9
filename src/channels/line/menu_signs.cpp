#include "channels/line/menu_signs.hpp"

#include <numbers>

namespace baton::channels::line {
namespace {

constexpr double kPi = std::numbers::pi;

// Both signs are drawn on a 200 x 200 grid centred on the origin, then scaled to the radius.
class SignFrame {
 public:
  SignFrame(cairo_t* cr, double x, double y, double radius) : cr_(cr) {
    cairo_save(cr_);
    cairo_translate(cr_, x, y);
    cairo_scale(cr_, radius / 100.0, radius / 100.0);
  }
  ~SignFrame() { cairo_restore(cr_); }
  SignFrame(const SignFrame&) = delete;
  SignFrame& operator=(const SignFrame&) = delete;

 private:
  cairo_t* cr_;
};

void white_disc(cairo_t* cr) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_arc(cr, 0, 0, 100, 0, 2 * kPi);
  cairo_fill(cr);
}

void rounded_rect(cairo_t* cr, double x, double y, double width, double height, double radius) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + width - radius, y + radius, radius, -kPi / 2, 0);
  cairo_arc(cr, x + width - radius, y + height - radius, radius, 0, kPi / 2);
  cairo_arc(cr, x + radius, y + height - radius, radius, kPi / 2, kPi);
  cairo_arc(cr, x + radius, y + radius, radius, kPi, 3 * kPi / 2);
  cairo_close_path(cr);
}

void set_ink(cairo_t* cr, Rgb ink) { cairo_set_source_rgb(cr, ink.red, ink.green, ink.blue); }

// Head and shoulders; the shoulders are cut off by the disc's edge.
void person(cairo_t* cr) {
  cairo_arc(cr, 0, -12, 36, 0, 2 * kPi);
  cairo_fill(cr);
  cairo_save(cr);
  cairo_arc(cr, 0, 0, 92, 0, 2 * kPi);
  cairo_clip(cr);
  cairo_save(cr);
  cairo_translate(cr, 0, 92);
  cairo_scale(cr, 66, 56);
  cairo_arc(cr, 0, 0, 1, kPi, 2 * kPi);
  cairo_restore(cr);
  cairo_fill(cr);
  cairo_restore(cr);
}

// The band over the head, the ear cups and the microphone's boom towards the mouth.
void headset(cairo_t* cr) {
  cairo_set_line_width(cr, 9);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_arc(cr, 0, -12, 50, kPi * 1.05, kPi * 1.95);
  cairo_stroke(cr);
  rounded_rect(cr, -60, -26, 20, 38, 8);
  rounded_rect(cr, 40, -26, 20, 38, 8);
  cairo_fill(cr);
  cairo_set_line_width(cr, 7);
  cairo_move_to(cr, 50, 12);
  cairo_curve_to(cr, 50, 36, 34, 42, 16, 42);
  cairo_stroke(cr);
  cairo_arc(cr, 12, 42, 8, 0, 2 * kPi);
  cairo_fill(cr);
}

}  // namespace

void draw_agent_sign(cairo_t* cr, double x, double y, double radius, Rgb ink) {
  SignFrame frame(cr, x, y, radius);
  white_disc(cr);
  set_ink(cr, ink);
  person(cr);
  // A ring of the disc's white between head and headset keeps the two apart at small sizes.
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 8);
  cairo_arc(cr, 0, -12, 42, 0, 2 * kPi);
  cairo_stroke(cr);
  set_ink(cr, ink);
  headset(cr);
}

void draw_shop_sign(cairo_t* cr, double x, double y, double radius, Rgb ink) {
  SignFrame frame(cr, x, y, radius);
  white_disc(cr);
  set_ink(cr, ink);
  // The bag, its handle above it, and two holes the handle goes through.
  rounded_rect(cr, -48, -22, 96, 82, 12);
  cairo_fill(cr);
  cairo_set_line_width(cr, 10);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_arc(cr, 0, -22, 26, kPi, 2 * kPi);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_arc(cr, -26, -4, 6, 0, 2 * kPi);
  cairo_fill(cr);
  cairo_arc(cr, 26, -4, 6, 0, 2 * kPi);
  cairo_fill(cr);
}

}  // namespace baton::channels::line
