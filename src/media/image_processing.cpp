#include "media/image_processing.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "media/vips_runtime.hpp"

namespace baton::media {
namespace {

using Failed = tl::unexpected<ImageFailure>;

Failed failure(ImageError error, std::string detail) { return Failed(ImageFailure{error, std::move(detail)}); }

// Each step of shrinking an original that is too heavy for LINE, and how many steps to try.
constexpr double kShrinkStep = 0.75;
constexpr int kMaxEncodeAttempts = 8;

// The vips loader that must read each accepted type: vips picks a loader by magic bytes too,
// and a file built to look like one format to us and another to vips is refused.
const char* loader_for(MediaType type) {
  switch (type) {
    case MediaType::jpeg:
      return "VipsForeignLoadJpegBuffer";
    case MediaType::png:
      return "VipsForeignLoadPngBuffer";
    case MediaType::gif:
      return "VipsForeignLoadNsgifBuffer";
    case MediaType::webp:
      return "VipsForeignLoadWebpBuffer";
    case MediaType::heic:
      return "VipsForeignLoadHeifBuffer";
    default:
      return nullptr;
  }
}

// Photos stay JPEG; drawings and screenshots (PNG, GIF) keep their sharp edges and transparency.
MediaType output_type_for(MediaType input) {
  return input == MediaType::png || input == MediaType::gif ? MediaType::png : MediaType::jpeg;
}

tl::expected<MediaType, ImageFailure> accepted_type(std::string_view bytes) {
  const MediaType type = sniff_media_type(bytes);
  const char* loader = loader_for(type);
  if (!loader)
    return failure(ImageError::unsupported_type, std::string(describe(type).mime) + " is not an image we take");
  if (type == MediaType::heic && !heif_decoding_available())
    return failure(ImageError::heic_unavailable, "this libvips has no HEIF decoder");
  const char* found = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  if (!found) return failure(ImageError::corrupt, take_vips_error());
  if (std::string_view(found) != loader)
    return failure(ImageError::unsupported_type, std::string("the bytes read as ") + found + ", not " + loader);
  return type;
}

// Opens the file for its header only (vips decodes lazily) and checks the declared size.
tl::expected<void, ImageFailure> check_declared_size(std::string_view bytes, const ImageLimits& limits) {
  ImageHandle header(vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "access", VIPS_ACCESS_SEQUENTIAL,
                                                "fail_on", VIPS_FAIL_ON_ERROR, nullptr));
  if (!header) return failure(ImageError::corrupt, take_vips_error());
  const auto width = static_cast<std::uint64_t>(std::max(0, vips_image_get_width(header.get())));
  const auto height = static_cast<std::uint64_t>(std::max(0, vips_image_get_height(header.get())));
  if (width == 0 || height == 0) return failure(ImageError::corrupt, "the image has no pixels");
  if (width * height > limits.max_pixels)
    return failure(ImageError::too_many_pixels,
                   "declares " + std::to_string(width) + " x " + std::to_string(height) + " pixels");
  return {};
}

// Runs one vips operation that makes `out` from its arguments; failure is `error_if_failed`.
template <class Operation>
tl::expected<ImageHandle, ImageFailure> step(ImageError error_if_failed, Operation operation) {
  VipsImage* out = nullptr;
  if (operation(&out) != 0 || !out) {
    if (out) g_object_unref(out);
    return failure(error_if_failed, take_vips_error());
  }
  return ImageHandle(out);
}

// To 8-bit sRGB: through the embedded ICC profile when there is a usable one, else vips's own
// conversion (CMYK, grey, 16-bit, Lab …).
tl::expected<ImageHandle, ImageFailure> to_srgb(ImageHandle image) {
  if (vips_image_get_typeof(image.get(), VIPS_META_ICC_NAME)) {
    auto transformed = step(ImageError::corrupt, [&](VipsImage** out) {
      return vips_icc_transform(image.get(), out, "srgb", "embedded", TRUE, "intent", VIPS_INTENT_PERCEPTUAL, nullptr);
    });
    if (transformed) {
      image = std::move(*transformed);
    } else {
      vips_error_clear();  // a broken profile: the plain conversion below still gives sRGB
    }
  }
  if (vips_image_guess_interpretation(image.get()) != VIPS_INTERPRETATION_sRGB) {
    auto converted = step(ImageError::corrupt, [&](VipsImage** out) {
      return vips_colourspace(image.get(), out, VIPS_INTERPRETATION_sRGB, nullptr);
    });
    if (!converted) return tl::unexpected(converted.error());
    image = std::move(*converted);
  }
  if (vips_image_get_format(image.get()) != VIPS_FORMAT_UCHAR) {
    auto cast = step(ImageError::internal,
                     [&](VipsImage** out) { return vips_cast(image.get(), out, VIPS_FORMAT_UCHAR, nullptr); });
    if (!cast) return tl::unexpected(cast.error());
    image = std::move(*cast);
  }
  return image;
}

// Decodes the whole picture once, upright and within max_side, into memory: a damaged file
// fails here rather than halfway through an encoder.
tl::expected<ImageHandle, ImageFailure> decode_normalised(std::string_view bytes, const ImageLimits& limits) {
  void* data = const_cast<char*>(bytes.data());  // vips reads the buffer and never writes it
  // fail_on through the loader's options: thumbnail's own fail_on is not passed on in vips 8.14,
  // and without it a truncated file decodes "successfully" with grey where the data ended.
  auto thumbnail = step(ImageError::corrupt, [&](VipsImage** out) {
    return vips_thumbnail_buffer(data, bytes.size(), out, limits.max_side, "height", limits.max_side, "size",
                                 VIPS_SIZE_DOWN, "option_string", "[fail_on=error]", nullptr);
  });
  if (!thumbnail) return thumbnail;
  auto srgb = to_srgb(std::move(*thumbnail));
  if (!srgb) return srgb;
  return step(ImageError::corrupt, [&](VipsImage** out) {
    *out = vips_image_copy_memory(srgb->get());
    return *out ? 0 : -1;
  });
}

// JPEG has no transparency: what was transparent becomes white, as on a chat bubble.
tl::expected<ImageHandle, ImageFailure> without_alpha(VipsImage* image) {
  if (!vips_image_hasalpha(image)) {
    g_object_ref(image);
    return ImageHandle(image);
  }
  VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
  auto flat = step(ImageError::internal,
                   [&](VipsImage** out) { return vips_flatten(image, out, "background", white, nullptr); });
  vips_area_unref(VIPS_AREA(white));
  if (!flat) return flat;
  return step(ImageError::internal,
              [&](VipsImage** out) { return vips_cast(flat->get(), out, VIPS_FORMAT_UCHAR, nullptr); });
}

// Encoded with every piece of metadata stripped (EXIF, GPS, XMP, IPTC, ICC, comments).
tl::expected<std::string, ImageFailure> encode(VipsImage* image, MediaType type, int jpeg_quality) {
  void* buffer = nullptr;
  std::size_t length = 0;
  int status = -1;
  if (type == MediaType::jpeg) {
    auto opaque = without_alpha(image);
    if (!opaque) return tl::unexpected(opaque.error());
    status = vips_jpegsave_buffer(opaque->get(), &buffer, &length, "Q", jpeg_quality, "strip", TRUE, "optimize_coding",
                                  TRUE, nullptr);
  } else {
    status = vips_pngsave_buffer(image, &buffer, &length, "strip", TRUE, "compression", 6, nullptr);
  }
  if (status != 0 || !buffer) {
    g_free(buffer);
    return failure(ImageError::internal, take_vips_error());
  }
  std::string bytes(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return bytes;
}

EncodedImage encoded(std::string bytes, MediaType type, VipsImage* image) {
  return EncodedImage{std::move(bytes), type, vips_image_get_width(image), vips_image_get_height(image)};
}

// Within max_original_bytes: a PNG too heavy becomes a JPEG, a JPEG too heavy shrinks step by step.
tl::expected<EncodedImage, ImageFailure> fit_original(ImageHandle& image, MediaType type, const ImageLimits& limits) {
  for (int attempt = 0; attempt < kMaxEncodeAttempts; ++attempt) {
    auto bytes = encode(image.get(), type, limits.jpeg_quality);
    if (!bytes) return tl::unexpected(bytes.error());
    if (bytes->size() <= limits.max_original_bytes) return encoded(std::move(*bytes), type, image.get());
    if (type == MediaType::png) {
      type = MediaType::jpeg;
      continue;
    }
    auto smaller = step(ImageError::internal,
                        [&](VipsImage** out) { return vips_resize(image.get(), out, kShrinkStep, nullptr); });
    if (!smaller) return tl::unexpected(smaller.error());
    image = std::move(*smaller);
  }
  return failure(ImageError::output_too_large,
                 "still over " + std::to_string(limits.max_original_bytes) + " bytes after shrinking");
}

tl::expected<EncodedImage, ImageFailure> make_preview(VipsImage* normalised, MediaType type,
                                                      const ImageLimits& limits) {
  auto small = step(ImageError::internal, [&](VipsImage** out) {
    return vips_thumbnail_image(normalised, out, limits.preview_side, "height", limits.preview_side, "size",
                                VIPS_SIZE_DOWN, "no_rotate", TRUE, nullptr);
  });
  if (!small) return tl::unexpected(small.error());
  for (MediaType format : {type, MediaType::jpeg}) {
    auto bytes = encode(small->get(), format, limits.preview_jpeg_quality);
    if (!bytes) return tl::unexpected(bytes.error());
    if (bytes->size() <= limits.max_preview_bytes) return encoded(std::move(*bytes), format, small->get());
  }
  return failure(ImageError::output_too_large, "the preview is over " + std::to_string(limits.max_preview_bytes));
}

// libheif reads a HEIC's header without its HEVC decoder, and fails only on the pixels: a
// libheif built without one (no libde265) says so here.
ImageFailure heic_without_decoder(MediaType type, ImageFailure failure) {
  const bool no_decoder = failure.detail.find("Unsupported codec") != std::string::npos ||
                          failure.detail.find("No decoding plugin") != std::string::npos;
  if (type == MediaType::heic && no_decoder) failure.error = ImageError::heic_unavailable;
  return failure;
}

tl::expected<ProcessedImage, ImageFailure> process_image(std::string_view bytes, const ImageLimits& limits) {
  if (bytes.size() > limits.max_input_bytes)
    return failure(ImageError::input_too_large, std::to_string(bytes.size()) + " bytes");
  auto type = accepted_type(bytes);
  if (!type) return tl::unexpected(type.error());
  if (auto declared = check_declared_size(bytes, limits); !declared) return tl::unexpected(declared.error());
  auto image = decode_normalised(bytes, limits);
  if (!image) return tl::unexpected(heic_without_decoder(*type, image.error()));
  auto original = fit_original(*image, output_type_for(*type), limits);
  if (!original) return tl::unexpected(original.error());
  auto preview = make_preview(image->get(), original->type, limits);
  if (!preview) return tl::unexpected(preview.error());
  return ProcessedImage{std::move(*original), std::move(*preview)};
}

}  // namespace

std::string_view image_error_code(ImageError error) {
  switch (error) {
    case ImageError::input_too_large:
      return "input_too_large";
    case ImageError::unsupported_type:
      return "unsupported_type";
    case ImageError::heic_unavailable:
      return "heic_unavailable";
    case ImageError::too_many_pixels:
      return "too_many_pixels";
    case ImageError::corrupt:
      return "corrupt";
    case ImageError::output_too_large:
      return "output_too_large";
    case ImageError::internal:
      break;
  }
  return "internal";
}

bool ImageProcessor::heic_supported() { return heif_decoding_available(); }

ImageProcessor::ImageProcessor(ImageLimits limits) : limits_(limits) {
  limits_.max_side = std::max(1, limits_.max_side);
  limits_.preview_side = std::clamp(limits_.preview_side, 1, limits_.max_side);
  limits_.jpeg_quality = std::clamp(limits_.jpeg_quality, 1, 100);
  limits_.preview_jpeg_quality = std::clamp(limits_.preview_jpeg_quality, 1, 100);
  start_vips();
}

tl::expected<ProcessedImage, ImageFailure> ImageProcessor::process(std::string_view bytes) const {
  try {
    return process_image(bytes, limits_);
  } catch (const std::exception& error) {
    return failure(ImageError::internal, error.what());
  } catch (...) {
    return failure(ImageError::internal, "unknown exception");
  }
}

}  // namespace baton::media
