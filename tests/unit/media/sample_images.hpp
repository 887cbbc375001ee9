// Pictures made for the media tests with libvips (and a few by hand), so no binary sample has
// to be stored, and what the tests read back from the processor's output.
#pragma once

#include <string>
#include <vector>

namespace baton::media::samples {

// A picture of `width` x `height` with some detail (a gradient with noise), so encoders work.
std::string jpeg(int width, int height);
std::string cmyk_jpeg(int width, int height);  // as print workflows save them
std::string png(int width, int height, bool with_alpha = false);
std::string gif(int width, int height);
std::string webp(int width, int height);
// A 16 x 12 HEIC stored in testdata/media (libvips wrote it): encoding one here would need
// x265, which leaks under the sanitizers.
std::string stored_heic();

// A JPEG of `width` x `height` pixels as stored, with EXIF orientation `orientation` (6: to
// be turned 90° clockwise), a GPS position in its EXIF, and an XMP packet.
std::string jpeg_with_orientation_and_location(int width, int height, int orientation);

// Noise that compresses badly, for the weight limits.
std::string noisy_png(int width, int height);

// A valid PNG signature and header declaring `width` x `height`, an empty IDAT and IEND: no pixels.
std::string png_header_only(unsigned width, unsigned height);

struct ReadBack {
  bool ok = false;
  std::string loader;  // vips's loader: "jpegload_buffer", "pngload_buffer"
  int width = 0;
  int height = 0;
  int bands = 0;
  std::vector<std::string> fields;  // vips's metadata fields
  bool has_field_starting(const std::string& prefix) const;
};

ReadBack read_back(const std::string& bytes);

}  // namespace baton::media::samples
