// The default rich-menu image Baton ships, drawn by the program itself: a 2500 x 843 PNG (LINE's
// "compact" size) with a person-with-headset sign and LIVE AGENT in large block letters, the
// whole area one Live Agent button.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace baton::channels::line {

inline constexpr int kRichMenuWidth = 2500;
inline constexpr int kRichMenuHeight = 843;

// An image of palette indices, row by row.
struct IndexedImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
  std::vector<std::uint32_t> palette;  // 0xRRGGBB per index
};

IndexedImage draw_live_agent_menu();
// A PNG file (colour type 3, 8 bits per index), compressed with deflate.
std::string encode_png(const IndexedImage& image);
std::string default_rich_menu_png();

}  // namespace baton::channels::line
