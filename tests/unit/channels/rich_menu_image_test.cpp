// Baton's default rich-menu image: LINE's size and weight limits, and its look, held against a
// reference PNG so a change of font or layout shows. BATON_WRITE_REFERENCE=1 rewrites the
// reference from the current drawing (look at it before committing it).
#include "channels/line/rich_menu_image.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace baton::channels::line {
namespace {

const std::string kReference = std::string(BATON_TESTDATA) + "/line/default_rich_menu.png";

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;

struct PngReader {
  const std::string& bytes;
  std::size_t at = 0;
};

cairo_status_t read_from(void* closure, unsigned char* data, unsigned int length) {
  auto* reader = static_cast<PngReader*>(closure);
  if (reader->bytes.size() - reader->at < length) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(reader->bytes.data() + reader->at, length, data);
  reader->at += length;
  return CAIRO_STATUS_SUCCESS;
}

Surface decoded(const std::string& png) {
  PngReader reader{png};
  Surface surface(cairo_image_surface_create_from_png_stream(read_from, &reader), cairo_surface_destroy);
  cairo_surface_flush(surface.get());
  return surface;
}

std::string drawn(MenuLanguage language, bool with_shop_area = false) {
  auto png = default_rich_menu_png({language, with_shop_area});
  EXPECT_TRUE(png.has_value()) << (png ? "" : png.error().message);
  return png ? *png : std::string();
}

struct Region {
  int x0 = 0;
  int y0 = 0;
  int x1 = kRichMenuWidth;
  int y1 = kRichMenuHeight;
};

struct Difference {
  double mean = 0;           // per colour channel, 0 to 255
  double share_changed = 0;  // of pixels with a channel off by more than 40
};

Difference compare(cairo_surface_t* a, cairo_surface_t* b, Region region = {}) {
  const int stride = cairo_image_surface_get_stride(a);
  const unsigned char* pa = cairo_image_surface_get_data(a);
  const unsigned char* pb = cairo_image_surface_get_data(b);
  double total = 0;
  long changed = 0;
  long pixels = 0;
  for (int y = region.y0; y < region.y1; ++y) {
    for (int x = region.x0; x < region.x1; ++x, ++pixels) {
      int worst = 0;
      for (int channel = 0; channel < 3; ++channel) {
        const std::size_t at = static_cast<std::size_t>(y) * stride + static_cast<std::size_t>(x) * 4 + channel;
        const int delta = std::abs(pa[at] - pb[at]);
        total += delta;
        worst = std::max(worst, delta);
      }
      if (worst > 40) ++changed;
    }
  }
  return {total / (3.0 * static_cast<double>(pixels)), static_cast<double>(changed) / static_cast<double>(pixels)};
}

bool same_look(const Difference& difference) { return difference.mean < 1.0 && difference.share_changed < 0.002; }

std::string file_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

TEST(RichMenuImage, IsAPngOfLinesCompactSizeUnderOneMegabyteForEveryLanguageAndLayout) {
  for (const auto language : {MenuLanguage::zh_tw, MenuLanguage::en, MenuLanguage::both}) {
    for (const bool with_shop_area : {false, true}) {
      const auto png = drawn(language, with_shop_area);
      EXPECT_EQ(png.rfind("\x89PNG\r\n\x1a\n", 0), 0u);
      EXPECT_LT(png.size(), 1u << 20);
      const auto image = decoded(png);
      ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
      EXPECT_EQ(cairo_image_surface_get_width(image.get()), kRichMenuWidth);
      EXPECT_EQ(cairo_image_surface_get_height(image.get()), kRichMenuHeight);
    }
  }
}

TEST(RichMenuImage, LooksLikeTheReferenceDrawnInNotoSansCjk) {
  const auto png = drawn(MenuLanguage::both);
  const char* rewrite = std::getenv("BATON_WRITE_REFERENCE");
  if (rewrite && std::string(rewrite) == "1") std::ofstream(kReference, std::ios::binary) << png;
  const auto reference = decoded(file_bytes(kReference));
  ASSERT_EQ(cairo_surface_status(reference.get()), CAIRO_STATUS_SUCCESS) << "cannot read " << kReference;
  const auto difference = compare(decoded(png).get(), reference.get());
  EXPECT_TRUE(same_look(difference)) << "mean " << difference.mean << ", changed " << difference.share_changed;
  // The comparison is strict enough to notice other words in the same place.
  EXPECT_FALSE(same_look(compare(decoded(drawn(MenuLanguage::en)).get(), reference.get())));
}

TEST(RichMenuImage, TheLanguagesWriteDifferentWordsInTheTextArea) {
  const auto chinese = decoded(drawn(MenuLanguage::zh_tw));
  const auto english = decoded(drawn(MenuLanguage::en));
  const Region text{1100, 150, 2300, 700};  // right of the sign
  EXPECT_GT(compare(chinese.get(), english.get(), text).share_changed, 0.05);
}

TEST(RichMenuImage, TheShopAreaAddsASecondSignRightOfTheDivider) {
  const auto one_area = decoded(drawn(MenuLanguage::both));
  const auto two_areas = decoded(drawn(MenuLanguage::both, true));
  const Region right_half{kShopAreaX + 10, 0, kRichMenuWidth, kRichMenuHeight};
  EXPECT_GT(compare(one_area.get(), two_areas.get(), right_half).share_changed, 0.05);
}

TEST(RichMenuImage, LanguagesAreNamedAsOnTheCommandLine) {
  EXPECT_EQ(menu_language_named("zh-TW"), MenuLanguage::zh_tw);
  EXPECT_EQ(menu_language_named("en"), MenuLanguage::en);
  EXPECT_EQ(menu_language_named("both"), MenuLanguage::both);
  EXPECT_FALSE(menu_language_named("fr"));
}

}  // namespace
}  // namespace baton::channels::line
