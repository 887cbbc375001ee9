// Pictures through the processor: upright, stripped, sRGB JPEG or PNG within LINE's limits, a
// small preview, and clean refusals of what is not a picture we take or claims too many pixels.
#include "media/image_processing.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "media/sample_images.hpp"

namespace baton::media {
namespace {

bool has(const std::string& bytes, const std::string& needle) { return bytes.find(needle) != std::string::npos; }

ProcessedImage processed(const std::string& bytes, const ImageLimits& limits = {}) {
  const ImageProcessor processor(limits);
  auto result = processor.process(bytes);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().detail);
  return result ? std::move(*result) : ProcessedImage{};
}

ImageError refusal(const std::string& bytes, const ImageLimits& limits = {}) {
  const ImageProcessor processor(limits);
  auto result = processor.process(bytes);
  EXPECT_FALSE(result.has_value());
  return result ? ImageError::internal : result.error().error;
}

TEST(ImageProcessing, SampleCarriesItsOrientationAndLocation) {
  const auto input = samples::read_back(samples::jpeg_with_orientation_and_location(120, 60, 6));
  ASSERT_TRUE(input.ok);
  EXPECT_TRUE(input.has_field_starting("exif-ifd3-GPSLatitude"));
  EXPECT_TRUE(input.has_field_starting("xmp-data"));
  EXPECT_EQ(input.width, 120);
}

TEST(ImageProcessing, JpegWithOrientationSixIsTurnedUpright) {
  const auto image = processed(samples::jpeg_with_orientation_and_location(120, 60, 6));
  EXPECT_EQ(image.original.width, 60);
  EXPECT_EQ(image.original.height, 120);
  const auto output = samples::read_back(image.original.bytes);
  EXPECT_EQ(output.width, 60);
  EXPECT_EQ(output.height, 120);
}

TEST(ImageProcessing, OriginalCarriesNoExifLocationOrXmp) {
  const auto image = processed(samples::jpeg_with_orientation_and_location(120, 60, 6));
  const auto output = samples::read_back(image.original.bytes);
  ASSERT_TRUE(output.ok);
  EXPECT_FALSE(output.has_field_starting("exif-")) << "EXIF left";
  EXPECT_FALSE(output.has_field_starting("xmp-data"));
  EXPECT_FALSE(output.has_field_starting("iptc-data"));
  EXPECT_FALSE(output.has_field_starting("orientation"));
  EXPECT_FALSE(has(image.original.bytes, std::string("Exif\0\0", 6)));
  EXPECT_FALSE(has(image.original.bytes, "GPSLatitude"));
}

TEST(ImageProcessing, PreviewCarriesNoExifLocationOrXmp) {
  const auto image = processed(samples::jpeg_with_orientation_and_location(120, 60, 6));
  const auto preview = samples::read_back(image.preview.bytes);
  ASSERT_TRUE(preview.ok);
  EXPECT_FALSE(preview.has_field_starting("exif-"));
  EXPECT_FALSE(preview.has_field_starting("xmp-data"));
}

TEST(ImageProcessing, JpegStaysJpeg) {
  const auto image = processed(samples::jpeg(300, 200));
  EXPECT_EQ(image.original.type, MediaType::jpeg);
  EXPECT_EQ(samples::read_back(image.original.bytes).loader, "VipsForeignLoadJpegBuffer");
  EXPECT_EQ(image.original.width, 300);
}

TEST(ImageProcessing, PngStaysPngWithItsTransparency) {
  const auto image = processed(samples::png(64, 48, true));
  EXPECT_EQ(image.original.type, MediaType::png);
  const auto output = samples::read_back(image.original.bytes);
  EXPECT_EQ(output.loader, "VipsForeignLoadPngBuffer");
  EXPECT_EQ(output.bands, 4);
}

TEST(ImageProcessing, GifBecomesPng) {
  const auto image = processed(samples::gif(50, 40));
  EXPECT_EQ(image.original.type, MediaType::png);
  EXPECT_EQ(samples::read_back(image.original.bytes).loader, "VipsForeignLoadPngBuffer");
  EXPECT_EQ(image.original.width, 50);
}

TEST(ImageProcessing, WebpBecomesJpeg) {
  const auto image = processed(samples::webp(80, 60));
  EXPECT_EQ(image.original.type, MediaType::jpeg);
  EXPECT_EQ(samples::read_back(image.original.bytes).loader, "VipsForeignLoadJpegBuffer");
}

TEST(ImageProcessing, HeicBecomesJpeg) {
  if (!ImageProcessor::heic_supported()) GTEST_SKIP() << "this libvips has no HEIF loader";
  const std::string heic = samples::stored_heic();
  ASSERT_EQ(sniff_media_type(heic), MediaType::heic);
  const auto image = processed(heic);
  EXPECT_EQ(image.original.type, MediaType::jpeg);
  EXPECT_EQ(image.original.width, 16);
  EXPECT_EQ(image.original.height, 12);
}

TEST(ImageProcessing, CmykJpegBecomesRgb) {
  ASSERT_EQ(samples::read_back(samples::cmyk_jpeg(40, 30)).bands, 4);
  const auto image = processed(samples::cmyk_jpeg(40, 30));
  EXPECT_EQ(samples::read_back(image.original.bytes).bands, 3);
}

TEST(ImageProcessing, OneProcessorServesTwoThreadsAtOnce) {
  const ImageProcessor processor;
  const std::string jpeg = samples::jpeg(500, 400);
  const std::string png = samples::png(300, 200, true);
  auto first = std::async(std::launch::async, [&] { return processor.process(jpeg); });
  auto second = std::async(std::launch::async, [&] { return processor.process(png); });
  const auto jpeg_result = first.get();
  const auto png_result = second.get();
  ASSERT_TRUE(jpeg_result && png_result);
  EXPECT_EQ(jpeg_result->original.width, 500);
  EXPECT_EQ(png_result->original.width, 300);
}

TEST(ImageProcessing, LongestSideIsCapped) {
  ImageLimits limits;
  limits.max_side = 300;
  const auto image = processed(samples::jpeg(600, 200), limits);
  EXPECT_EQ(image.original.width, 300);
  EXPECT_EQ(image.original.height, 100);
}

TEST(ImageProcessing, PreviewIsAtMost240PixelsAndOneMegabyte) {
  const auto image = processed(samples::jpeg(1000, 700));
  const auto preview = samples::read_back(image.preview.bytes);
  EXPECT_EQ(preview.width, 240);
  EXPECT_LE(preview.height, 240);
  EXPECT_EQ(image.preview.width, preview.width);
  EXPECT_LE(image.preview.bytes.size(), 1'000'000u);
  EXPECT_EQ(image.preview.type, MediaType::jpeg);
}

TEST(ImageProcessing, SmallPictureIsNotEnlarged) {
  const auto image = processed(samples::png(30, 20));
  EXPECT_EQ(image.original.width, 30);
  EXPECT_EQ(image.preview.width, 30);
}

TEST(ImageProcessing, HeavyPngBecomesJpegUnderTheWeightLimit) {
  ImageLimits limits;
  limits.max_original_bytes = 150'000;
  const auto image = processed(samples::noisy_png(600, 600), limits);
  EXPECT_EQ(image.original.type, MediaType::jpeg);
  EXPECT_LE(image.original.bytes.size(), limits.max_original_bytes);
}

TEST(ImageProcessing, HeavyJpegShrinksUnderTheWeightLimit) {
  ImageLimits limits;
  limits.max_original_bytes = 20'000;
  const auto image = processed(samples::noisy_png(600, 600), limits);
  EXPECT_EQ(image.original.type, MediaType::jpeg);
  EXPECT_LE(image.original.bytes.size(), limits.max_original_bytes);
  EXPECT_LT(image.original.width, 600);
}

TEST(ImageProcessing, HeaderClaiming60000SquarePixelsIsRefusedQuickly) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(refusal(samples::png_header_only(60000, 60000)), ImageError::too_many_pixels);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST(ImageProcessing, PixelLimitIsConfigurable) {
  ImageLimits limits;
  limits.max_pixels = 100 * 100;
  EXPECT_EQ(refusal(samples::jpeg(101, 100), limits), ImageError::too_many_pixels);
}

TEST(ImageProcessing, TruncatedJpegIsCorrupt) {
  const std::string jpeg = samples::jpeg(200, 200);
  EXPECT_EQ(refusal(jpeg.substr(0, jpeg.size() / 2)), ImageError::corrupt);
}

TEST(ImageProcessing, GarbageAfterPngSignatureIsCorrupt) {
  EXPECT_EQ(refusal(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, 'x')), ImageError::corrupt);
}

TEST(ImageProcessing, RenamedExecutableIsUnsupported) {
  EXPECT_EQ(refusal("MZ\x90" + std::string(200, '\0')), ImageError::unsupported_type);
}

TEST(ImageProcessing, SvgIsUnsupported) {
  EXPECT_EQ(refusal("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"),
            ImageError::unsupported_type);
}

TEST(ImageProcessing, InputOverTheLimitIsRefusedUnread) {
  ImageLimits limits;
  limits.max_input_bytes = 100;
  EXPECT_EQ(refusal(samples::jpeg(100, 100), limits), ImageError::input_too_large);
}

TEST(ImageProcessing, ErrorCodesAreStable) {
  EXPECT_EQ(image_error_code(ImageError::too_many_pixels), "too_many_pixels");
  EXPECT_EQ(image_error_code(ImageError::heic_unavailable), "heic_unavailable");
  EXPECT_EQ(image_error_code(ImageError::corrupt), "corrupt");
}

}  // namespace
}  // namespace baton::media
