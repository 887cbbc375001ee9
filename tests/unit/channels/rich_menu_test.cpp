// The Live Agent rich menu's definition, alone and with a shop link.
#include "channels/line/rich_menu.hpp"

#include <gtest/gtest.h>

#include "channels/line/rich_menu_image.hpp"

namespace baton::channels::line {
namespace {

namespace json = boost::json;

struct Bounds {
  std::int64_t x, y, width, height;
};

Bounds bounds_of(const json::value& area) {
  const auto& b = area.at("bounds");
  return {b.at("x").as_int64(), b.at("y").as_int64(), b.at("width").as_int64(), b.at("height").as_int64()};
}

TEST(RichMenu, WithoutALinkOneLiveAgentAreaCoversTheImage) {
  const auto menu = live_agent_menu(std::nullopt);
  const auto& areas = menu.at("areas").as_array();
  ASSERT_EQ(areas.size(), 1u);
  const auto b = bounds_of(areas[0]);
  EXPECT_EQ(b.x, 0);
  EXPECT_EQ(b.width, kRichMenuWidth);
  EXPECT_EQ(b.height, kRichMenuHeight);
  EXPECT_EQ(areas[0].at("action").at("type"), "postback");
}

TEST(RichMenu, AShopLinkSplitsTheMenuIntoTwoAreasThatTileTheImage) {
  const auto menu = live_agent_menu(std::string("https://shop.example.com/tw?from=line"));
  const auto& areas = menu.at("areas").as_array();
  ASSERT_EQ(areas.size(), 2u);
  const auto left = bounds_of(areas[0]);
  const auto right = bounds_of(areas[1]);
  EXPECT_EQ(left.x, 0);
  EXPECT_EQ(left.x + left.width, right.x) << "side by side, no gap and no overlap";
  EXPECT_EQ(right.x + right.width, kRichMenuWidth);
  for (const auto& b : {left, right}) {
    EXPECT_EQ(b.y, 0);
    EXPECT_EQ(b.height, kRichMenuHeight);
  }
  EXPECT_EQ(areas[0].at("action").at("data"), "action=live_agent");
  const auto& shop = areas[1].at("action");
  EXPECT_EQ(shop.at("type"), "uri");
  EXPECT_EQ(shop.at("uri"), "https://shop.example.com/tw?from=line");
  EXPECT_TRUE(checked_shop_link(shop.at("uri").as_string()).has_value());
  // LINE allows an action label of 20 characters; the label is "前往商店 / Visit shop".
  EXPECT_LE(shop.at("label").as_string().size(), 4u * 3 + 13);
}

TEST(RichMenu, ShopLinksMustBeHttpsUrlsOfAtMostAThousandCharacters) {
  EXPECT_TRUE(checked_shop_link("https://shop.example.com").has_value());
  EXPECT_TRUE(checked_shop_link("HTTPS://shop.example.com/a%20b").has_value());
  const std::string longest = "https://shop.example.com/" + std::string(1000 - 25, 'a');
  EXPECT_TRUE(checked_shop_link(longest).has_value());

  const auto message = [](std::string_view url) {
    auto checked = checked_shop_link(url);
    return checked ? std::string() : checked.error().message;
  };
  EXPECT_NE(message("http://shop.example.com").find("https://"), std::string::npos);
  EXPECT_NE(message(longest + "a").find("1000 characters"), std::string::npos);
  EXPECT_NE(message("shop.example.com").find("not a URL"), std::string::npos);
  EXPECT_NE(message("https://").find("not a URL"), std::string::npos);
  EXPECT_NE(message("https://shop example.com").find("not a URL"), std::string::npos);
  EXPECT_NE(message("").find("not a URL"), std::string::npos);
}

}  // namespace
}  // namespace baton::channels::line
