#include "channels/line/rich_menu_image.hpp"

#include <array>
#include <boost/beast/zlib/deflate_stream.hpp>
#include <boost/crc.hpp>
#include <string_view>

namespace baton::channels::line {
namespace {

enum Colour : std::uint8_t { kBackground, kPanel, kInk, kAccent };

// 5 x 7 block letters for the words on the menu.
struct Glyph {
  char letter;
  std::array<std::string_view, 7> rows;
};
constexpr std::array<Glyph, 13> kGlyphs{{
    {'L', {"#....", "#....", "#....", "#....", "#....", "#....", "#####"}},
    {'I', {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "#####"}},
    {'V', {"#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."}},
    {'E', {"#####", "#....", "#....", "####.", "#....", "#....", "#####"}},
    {'A', {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"}},
    {'G', {".####", "#....", "#....", "#..##", "#...#", "#...#", ".###."}},
    {'N', {"#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"}},
    {'T', {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."}},
    {'K', {"#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"}},
    {'O', {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."}},
    {'P', {"####.", "#...#", "#...#", "####.", "#....", "#....", "#...."}},
    {'R', {"####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"}},
    {'S', {".####", "#....", "#....", ".###.", "....#", "....#", "####."}},
}};

class Canvas {
 public:
  explicit Canvas(IndexedImage& image) : image_(image) {}

  void fill_rect(int x0, int y0, int x1, int y1, Colour colour) {
    for (int y = std::max(0, y0); y < std::min(image_.height, y1); ++y) {
      for (int x = std::max(0, x0); x < std::min(image_.width, x1); ++x) set(x, y, colour);
    }
  }

  // A filled ellipse (a circle when rx == ry), or a ring when `inner` > 0 (as a share of the radius).
  void fill_ellipse(int cx, int cy, int rx, int ry, Colour colour, double inner = 0.0) {
    for (int y = cy - ry; y <= cy + ry; ++y) {
      for (int x = cx - rx; x <= cx + rx; ++x) {
        const double dx = static_cast<double>(x - cx) / rx;
        const double dy = static_cast<double>(y - cy) / ry;
        const double d = dx * dx + dy * dy;
        if (d <= 1.0 && d >= inner * inner) set(x, y, colour);
      }
    }
  }

  void rounded_rect(int x0, int y0, int x1, int y1, int radius, Colour colour) {
    fill_rect(x0 + radius, y0, x1 - radius, y1, colour);
    fill_rect(x0, y0 + radius, x1, y1 - radius, colour);
    for (int cx : {x0 + radius, x1 - radius - 1}) {
      for (int cy : {y0 + radius, y1 - radius - 1}) fill_ellipse(cx, cy, radius, radius, colour);
    }
  }

  // Block letters `scale` pixels per dot; answers the width drawn.
  int text(int x, int y, std::string_view words, int scale, Colour colour) {
    int at = x;
    for (char letter : words) {
      for (const auto& glyph : kGlyphs) {
        if (glyph.letter != letter) continue;
        for (int row = 0; row < 7; ++row) {
          for (int column = 0; column < 5; ++column) {
            if (glyph.rows[row][column] == '#') {
              fill_rect(at + column * scale, y + row * scale, at + (column + 1) * scale, y + (row + 1) * scale, colour);
            }
          }
        }
      }
      at += 6 * scale;  // a letter and a dot of space
    }
    return at - x - scale;
  }

 private:
  void set(int x, int y, Colour colour) {
    if (x >= 0 && y >= 0 && x < image_.width && y < image_.height) {
      image_.pixels[static_cast<std::size_t>(y) * image_.width + x] = colour;
    }
  }

  IndexedImage& image_;
};

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

void put_chunk(std::string& out, std::string_view type, const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  boost::crc_32_type crc;
  crc.process_bytes(type.data(), type.size());
  crc.process_bytes(data.data(), data.size());
  out += type;
  out += data;
  put_u32(out, crc.checksum());
}

// zlib framing (RFC 1950) around Beast's raw deflate: header, data, Adler-32.
std::string zlib_compress(const std::string& raw) {
  namespace zlib = boost::beast::zlib;
  zlib::deflate_stream stream;
  stream.reset(9, 15, 8, zlib::Strategy::normal);
  std::string out("\x78\xda", 2);
  std::string buffer(64 * 1024, '\0');
  zlib::z_params params;
  params.next_in = raw.data();
  params.avail_in = raw.size();
  for (;;) {
    params.next_out = buffer.data();
    params.avail_out = buffer.size();
    boost::system::error_code error;
    stream.write(params, zlib::Flush::finish, error);
    out.append(buffer.data(), buffer.size() - params.avail_out);
    if (error == zlib::error::end_of_stream) break;
    if (error && error != zlib::error::need_buffers) throw std::runtime_error("deflate: " + error.message());
  }
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (unsigned char byte : raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  put_u32(out, (b << 16) | a);
  return out;
}

}  // namespace

IndexedImage draw_live_agent_menu() {
  IndexedImage image{kRichMenuWidth,
                     kRichMenuHeight,
                     std::vector<std::uint8_t>(static_cast<std::size_t>(kRichMenuWidth) * kRichMenuHeight, kBackground),
                     {0x0b3d4f, 0x145a70, 0xffffff, 0x06c755}};
  Canvas canvas(image);
  canvas.rounded_rect(60, 60, kRichMenuWidth - 60, kRichMenuHeight - 60, 80, kPanel);
  // A person with a headset: shoulders cut off by the panel's lower edge, the head, the band
  // over it, ear pieces and a microphone.
  const int cx = 420;
  const int cy = 360;
  const int panel_bottom = kRichMenuHeight - 60;
  canvas.fill_ellipse(cx, cy + 350, 230, 190, kInk);
  canvas.fill_rect(cx - 240, cy + 350, cx + 240, panel_bottom, kPanel);
  canvas.fill_rect(cx - 240, panel_bottom, cx + 240, kRichMenuHeight, kBackground);
  canvas.fill_ellipse(cx, cy - 10, 185, 185, kAccent, 0.84);
  canvas.fill_rect(cx - 190, cy, cx + 190, cy + 190, kPanel);
  canvas.fill_ellipse(cx, cy, 140, 140, kInk);
  canvas.rounded_rect(cx - 215, cy - 40, cx - 150, cy + 80, 24, kAccent);
  canvas.rounded_rect(cx + 150, cy - 40, cx + 215, cy + 80, 24, kAccent);
  canvas.fill_ellipse(cx + 120, cy + 135, 28, 28, kAccent);
  // The words, and a bar under them in the accent colour.
  const int scale = 26;
  const int x = 780;
  const int top = 170;
  const int width = canvas.text(x, top, "LIVE AGENT", scale, kInk);
  const int bar = top + 7 * scale + 60;
  canvas.rounded_rect(x, bar, x + width, bar + 36, 18, kAccent);
  canvas.text(x, bar + 100, "TALK TO A PERSON", 14, kInk);
  return image;
}

std::string encode_png(const IndexedImage& image) {
  std::string raw;
  raw.reserve(static_cast<std::size_t>(image.height) * (image.width + 1));
  for (int y = 0; y < image.height; ++y) {
    raw += '\0';  // filter: none
    const auto* row = image.pixels.data() + static_cast<std::size_t>(y) * image.width;
    raw.append(reinterpret_cast<const char*>(row), static_cast<std::size_t>(image.width));
  }
  std::string header;
  put_u32(header, static_cast<std::uint32_t>(image.width));
  put_u32(header, static_cast<std::uint32_t>(image.height));
  header += std::string("\x08\x03\x00\x00\x00", 5);  // 8 bits, indexed colour, deflate, no filter, no interlace
  std::string palette;
  for (auto colour : image.palette) {
    palette += static_cast<char>((colour >> 16) & 0xff);
    palette += static_cast<char>((colour >> 8) & 0xff);
    palette += static_cast<char>(colour & 0xff);
  }
  std::string png("\x89PNG\r\n\x1a\n", 8);
  put_chunk(png, "IHDR", header);
  put_chunk(png, "PLTE", palette);
  put_chunk(png, "IDAT", zlib_compress(raw));
  put_chunk(png, "IEND", {});
  return png;
}

std::string default_rich_menu_png() { return encode_png(draw_live_agent_menu()); }

}  // namespace baton::channels::line
