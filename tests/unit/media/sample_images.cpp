#include "media/sample_images.hpp"

#include <vips/vips.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace baton::media::samples {
namespace {

struct Unref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

void start() {
  if (VIPS_INIT("baton-tests") != 0) throw std::runtime_error("libvips did not start");
}

// `image` by reference: read after the operation that fills it has run.
Image must(int status, VipsImage*& image) {
  if (status != 0 || !image) throw std::runtime_error(std::string("vips: ") + vips_error_buffer());
  return Image(std::exchange(image, nullptr));
}

// A gradient with noise on it: uniform pictures would compress to nothing.
Image picture(int width, int height, int bands) {
  start();
  VipsImage* out = nullptr;
  Image gradient = must(vips_xyz(&out, width, height, nullptr), out);
  Image noise = must(vips_gaussnoise(&out, width, height, "sigma", 20.0, "mean", 128.0, nullptr), out);
  Image x = must(vips_extract_band(gradient.get(), &out, 0, nullptr), out);
  Image sum = must(vips_add(x.get(), noise.get(), &out, nullptr), out);
  std::vector<VipsImage*> copies(static_cast<std::size_t>(bands), sum.get());
  Image joined = must(vips_bandjoin(copies.data(), &out, bands, nullptr), out);
  Image uchar = must(vips_cast(joined.get(), &out, VIPS_FORMAT_UCHAR, nullptr), out);
  return must(vips_copy(uchar.get(), &out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), out);
}

// By reference: read after the save that fills them has run.
std::string take(int status, void*& buffer, std::size_t& length) {
  if (status != 0) throw std::runtime_error(std::string("vips save: ") + vips_error_buffer());
  std::string bytes(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return bytes;
}

void put_u16(std::string& out, std::uint16_t value) {
  out += static_cast<char>(value & 0xFF);
  out += static_cast<char>(value >> 8);
}

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((value >> shift) & 0xFF);
}

void put_entry(std::string& out, std::uint16_t tag, std::uint16_t type, std::uint32_t count, std::uint32_t value) {
  put_u16(out, tag);
  put_u16(out, type);
  put_u32(out, count);
  put_u32(out, value);
}

// An EXIF block (little-endian TIFF) with IFD0 {Orientation, GPS IFD pointer} and a GPS IFD
// {GPSLatitudeRef "N", GPSLatitude 25° 2' 0"}.
std::string exif_with_orientation_and_gps(int orientation) {
  constexpr std::uint32_t kIfd0 = 8;
  constexpr std::uint32_t kGpsIfd = kIfd0 + 2 + 2 * 12 + 4;
  constexpr std::uint32_t kLatitude = kGpsIfd + 2 + 2 * 12 + 4;
  std::string tiff = "II*";
  tiff += '\0';
  put_u32(tiff, kIfd0);
  put_u16(tiff, 2);
  put_entry(tiff, 0x0112, 3, 1, static_cast<std::uint32_t>(orientation));  // SHORT in the value's low bytes
  put_entry(tiff, 0x8825, 4, 1, kGpsIfd);
  put_u32(tiff, 0);
  put_u16(tiff, 2);
  put_entry(tiff, 0x0001, 2, 2, 'N');  // "N\0" fits in the value field
  put_entry(tiff, 0x0002, 5, 3, kLatitude);
  put_u32(tiff, 0);
  for (std::uint32_t numerator : {25u, 2u, 0u}) {
    put_u32(tiff, numerator);
    put_u32(tiff, 1);
  }
  return std::string("Exif\0\0", 6) + tiff;
}

const std::string kXmp =
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
    "<rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"25,2N\"/>"
    "</rdf:RDF></x:xmpmeta>";

std::uint32_t crc32(const std::string& bytes) {
  std::uint32_t crc = 0xFFFFFFFF;
  for (unsigned char byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320 & (0u - (crc & 1)));
  }
  return ~crc;
}

void put_u32_big(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

}  // namespace

std::string jpeg(int width, int height) {
  Image image = picture(width, height, 3);
  void* buffer = nullptr;
  std::size_t length = 0;
  return take(vips_jpegsave_buffer(image.get(), &buffer, &length, "Q", 90, nullptr), buffer, length);
}

std::string cmyk_jpeg(int width, int height) {
  Image image = picture(width, height, 4);
  VipsImage* out = nullptr;
  Image cmyk = must(vips_copy(image.get(), &out, "interpretation", VIPS_INTERPRETATION_CMYK, nullptr), out);
  void* buffer = nullptr;
  std::size_t length = 0;
  return take(vips_jpegsave_buffer(cmyk.get(), &buffer, &length, nullptr), buffer, length);
}

std::string png(int width, int height, bool with_alpha) {
  Image image = picture(width, height, with_alpha ? 4 : 3);
  void* buffer = nullptr;
  std::size_t length = 0;
  return take(vips_pngsave_buffer(image.get(), &buffer, &length, nullptr), buffer, length);
}

std::string gif(int width, int height) {
  Image image = picture(width, height, 3);
  void* buffer = nullptr;
  std::size_t length = 0;
  return take(vips_gifsave_buffer(image.get(), &buffer, &length, nullptr), buffer, length);
}

std::string webp(int width, int height) {
  Image image = picture(width, height, 3);
  void* buffer = nullptr;
  std::size_t length = 0;
  return take(vips_webpsave_buffer(image.get(), &buffer, &length, nullptr), buffer, length);
}

std::string stored_heic() {
  std::ifstream in(std::string(BATON_TESTDATA) + "/media/photo-16x12.heic", std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string jpeg_with_orientation_and_location(int width, int height, int orientation) {
  Image image = picture(width, height, 3);
  const std::string exif = exif_with_orientation_and_gps(orientation);
  vips_image_set_blob_copy(image.get(), VIPS_META_EXIF_NAME, exif.data(), exif.size());
  vips_image_set_blob_copy(image.get(), VIPS_META_XMP_NAME, kXmp.data(), kXmp.size());
  vips_image_set_int(image.get(), VIPS_META_ORIENTATION, orientation);
  void* buffer = nullptr;
  std::size_t length = 0;
  return take(vips_jpegsave_buffer(image.get(), &buffer, &length, "Q", 90, nullptr), buffer, length);
}

std::string noisy_png(int width, int height) {
  start();
  VipsImage* out = nullptr;
  Image noise = must(vips_gaussnoise(&out, width, height, "sigma", 80.0, "mean", 128.0, nullptr), out);
  std::array<VipsImage*, 3> copies{noise.get(), noise.get(), noise.get()};
  Image joined = must(vips_bandjoin(copies.data(), &out, 3, nullptr), out);
  Image uchar = must(vips_cast(joined.get(), &out, VIPS_FORMAT_UCHAR, nullptr), out);
  Image srgb = must(vips_copy(uchar.get(), &out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), out);
  void* buffer = nullptr;
  std::size_t length = 0;
  return take(vips_pngsave_buffer(srgb.get(), &buffer, &length, "compression", 1, nullptr), buffer, length);
}

std::string png_header_only(unsigned width, unsigned height) {
  std::string chunk = "IHDR";
  put_u32_big(chunk, width);
  put_u32_big(chunk, height);
  chunk += std::string("\x08\x02\0\0\0", 5);  // 8-bit RGB, deflate, no filter, no interlace
  std::string png("\x89PNG\r\n\x1a\n", 8);
  for (const std::string& body : {chunk, std::string("IDAT"), std::string("IEND")}) {
    put_u32_big(png, static_cast<std::uint32_t>(body.size() - 4));
    png += body;
    put_u32_big(png, crc32(body));
  }
  return png;
}

bool ReadBack::has_field_starting(const std::string& prefix) const {
  for (const auto& field : fields)
    if (field.rfind(prefix, 0) == 0) return true;
  return false;
}

ReadBack read_back(const std::string& bytes) {
  start();
  ReadBack read;
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  Image image(vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr));
  if (!loader || !image) {
    vips_error_clear();
    return read;
  }
  read.ok = true;
  read.loader = loader;
  read.width = vips_image_get_width(image.get());
  read.height = vips_image_get_height(image.get());
  read.bands = vips_image_get_bands(image.get());
  gchar** fields = vips_image_get_fields(image.get());
  for (gchar** field = fields; field && *field; ++field) read.fields.emplace_back(*field);
  g_strfreev(fields);
  return read;
}

}  // namespace baton::media::samples
