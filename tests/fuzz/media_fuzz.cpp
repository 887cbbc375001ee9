// An upload's bytes through the media layer (media/content_type, media_policy, image_processing):
// the sniffer classifies anything, reads only its first kSniffBytes, and agrees with the policy;
// the image processor turns any input into a picture or an error value, never a crash, and what
// it makes is a JPEG or a PNG (by its own bytes) within the side limits it was given.
#include <string>

#include "media/content_type.hpp"
#include "media/image_processing.hpp"
#include "media/media_policy.hpp"
#include "support/fuzz_check.hpp"

namespace {

using baton::media::ImageLimits;
using baton::media::ImageProcessor;
using baton::media::MediaType;

// Small limits, so a fuzzed header cannot make one input decode for long.
const ImageProcessor& processor() {
  static const ImageProcessor instance([] {
    ImageLimits limits;
    limits.max_pixels = 512 * 512;
    limits.max_side = 256;
    limits.preview_side = 64;
    return limits;
  }());
  return instance;
}

void check_sniffing(std::string_view input, MediaType type) {
  const auto& info = baton::media::describe(type);
  FUZZ_CHECK(!info.mime.empty() && !info.extension.empty(), "every type has a MIME type and an extension");
  FUZZ_CHECK(baton::media::sniff_media_type(input.substr(0, baton::media::kSniffBytes)) == type,
             "only the first kSniffBytes decide");
  const auto admitted = baton::media::admit(baton::media::MediaPolicy{}, input, input.size());
  if (admitted) {
    FUZZ_CHECK(admitted->type == type, "the policy admits the sniffed type");
    FUZZ_CHECK(!admitted->info->dangerous, "nothing dangerous is admitted");
  }
}

void check_output(const baton::media::EncodedImage& image, int side) {
  FUZZ_CHECK(image.type == MediaType::jpeg || image.type == MediaType::png, "output is JPEG or PNG");
  FUZZ_CHECK(baton::media::sniff_media_type(image.bytes) == image.type, "output bytes are what they say");
  FUZZ_CHECK(image.width >= 1 && image.height >= 1, "output has pixels");
  FUZZ_CHECK(image.width <= side && image.height <= side, "output within its side limit");
}

void check(std::string_view input) {
  const MediaType type = baton::media::sniff_media_type(input);
  check_sniffing(input, type);
  if (baton::media::describe(type).kind != baton::media::MediaKind::image) return;
  const auto processed = processor().process(input);
  if (!processed) return;
  check_output(processed->original, processor().limits().max_side);
  check_output(processed->preview, processor().limits().preview_side);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "the media layer never throws");
}
