// Pictures customers and agents send, made safe to store and to hand to LINE: turned upright by
// their EXIF orientation, every piece of metadata dropped (EXIF with its GPS position, XMP,
// IPTC, comments), converted to sRGB, the longest side capped, and re-encoded as JPEG or PNG
// (the only formats LINE takes) within LINE's weights; plus a small preview. CPU-bound and
// blocking: call it from a blocking pool, never from a network thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "media/content_type.hpp"

namespace baton::media {

struct ImageLimits {
  std::uint64_t max_input_bytes = 20'000'000;
  // Width x height as the file's header declares it, checked before a pixel is decoded: a
  // small file claiming a huge picture (a decompression bomb) is refused here.
  std::uint64_t max_pixels = 50'000'000;
  int max_side = 4096;                          // of the normalised original
  std::size_t max_original_bytes = 10'000'000;  // LINE's originalContentUrl limit
  int preview_side = 240;                       // LINE's previewImageUrl: small, ≤ 1 MB
  std::size_t max_preview_bytes = 1'000'000;
  int jpeg_quality = 85;
  int preview_jpeg_quality = 80;
};

enum class ImageError {
  input_too_large,   // more bytes than max_input_bytes
  unsupported_type,  // not JPEG, PNG, GIF, WebP or HEIC by its bytes
  heic_unavailable,  // HEIC, and this libvips has no HEIF decoder
  too_many_pixels,   // the header declares more than max_pixels
  corrupt,           // the decoder failed (damaged, truncated, not what its magic claims)
  output_too_large,  // could not be brought under max_original_bytes
  internal,          // anything else (out of memory, an encoder failure)
};

// The stable code for the API: "input_too_large", "unsupported_type", ...
std::string_view image_error_code(ImageError error);

struct ImageFailure {
  ImageError error;
  std::string detail;  // what the decoder said, for the log (never for the client)
};

struct EncodedImage {
  std::string bytes;
  MediaType type;  // jpeg or png, nothing else
  int width = 0;
  int height = 0;
};

struct ProcessedImage {
  EncodedImage original;  // JPEG for photos (JPEG, HEIC, WebP), PNG for PNG and GIF (its first frame)
  EncodedImage preview;   // the same format, longest side ≤ preview_side
};

// Holds only its limits: one processor serves any number of threads at once.
class ImageProcessor {
 public:
  // Starts libvips if nothing has yet (throws std::runtime_error when it cannot: start-up).
  explicit ImageProcessor(ImageLimits limits = {});

  // Never throws: every failure is an ImageFailure.
  tl::expected<ProcessedImage, ImageFailure> process(std::string_view bytes) const;

  const ImageLimits& limits() const { return limits_; }

  // Whether this libvips has a HEIF loader (Debian 12's does, with libheif and libde265); a
  // libheif without an HEVC decoder is found out on the first HEIC, as heic_unavailable.
  static bool heic_supported();

 private:
  ImageLimits limits_;
};

}  // namespace baton::media
