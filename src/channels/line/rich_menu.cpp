#include "channels/line/rich_menu.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include "channels/line/line_messages.hpp"
#include "channels/line/rich_menu_image.hpp"

namespace baton::channels::line {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxImageBytes = 1 << 20;

json::object bounds(int x, int width) { return {{"x", x}, {"y", 0}, {"width", width}, {"height", kRichMenuHeight}}; }

json::object live_agent_area(int width) {
  json::object action{
      {"type", "postback"}, {"label", kLiveAgentLabel}, {"data", kLiveAgentData}, {"displayText", kLiveAgentLabel}};
  return {{"bounds", bounds(0, width)}, {"action", std::move(action)}};
}

json::object shop_area(const std::string& link) {
  // The label is what screen readers announce; LINE allows 20 characters.
  json::object action{{"type", "uri"}, {"label", "前往商店 / Visit shop"}, {"uri", link}};
  return {{"bounds", bounds(kShopAreaX, kRichMenuWidth - kShopAreaX)}, {"action", std::move(action)}};
}

core::Error refused(const std::string& step, const net::HttpOutcome& outcome) {
  std::string why = step + ": ";
  why += outcome.status == 0 ? outcome.error
                             : "LINE answered " + std::to_string(outcome.status) + " " + outcome.body.substr(0, 300);
  return core::Error{core::ErrorCode::unavailable, why};
}

}  // namespace

core::Result<std::string> checked_shop_link(std::string_view url) {
  if (url.size() > kMaxShopLinkChars)
    return core::fail(core::ErrorCode::invalid_field, "the shop link is longer than LINE's 1000 characters");
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->encoded_host().empty())
    return core::fail(core::ErrorCode::invalid_field, "the shop link is not a URL (write it as https://…)");
  if (parsed->scheme_id() != boost::urls::scheme::https)
    return core::fail(core::ErrorCode::invalid_field, "the shop link must start with https://");
  return std::string(url);
}

json::object live_agent_menu(const std::optional<std::string>& shop_link) {
  json::array areas;
  if (shop_link) {
    areas.push_back(live_agent_area(kShopAreaX));
    areas.push_back(shop_area(*shop_link));
  } else {
    areas.push_back(live_agent_area(kRichMenuWidth));
  }
  return {{"size", {{"width", kRichMenuWidth}, {"height", kRichMenuHeight}}},
          {"selected", true},
          {"name", "Baton Live Agent"},
          {"chatBarText", "Live Agent"},
          {"areas", std::move(areas)}};
}

core::Result<RichMenuImage> rich_menu_image_from(std::string bytes) {
  if (bytes.size() > kMaxImageBytes)
    return core::fail(core::ErrorCode::invalid_field, "LINE takes images of 1 MB at most");
  if (bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0) return RichMenuImage{std::move(bytes), "image/png"};
  if (bytes.rfind("\xff\xd8\xff", 0) == 0) return RichMenuImage{std::move(bytes), "image/jpeg"};
  return core::fail(core::ErrorCode::invalid_field, "the image must be a PNG or a JPEG");
}

core::Result<std::string> install_live_agent_menu(const LineApi& api, const std::string& access_token,
                                                  const RichMenuImage& image,
                                                  const std::optional<std::string>& shop_link) {
  const auto created = api.create_rich_menu(access_token, live_agent_menu(shop_link));
  if (!created.ok()) return tl::unexpected(refused("creating the rich menu", created));
  boost::system::error_code error;
  const auto body = json::parse(created.body, error);
  const auto* id = !error && body.is_object() ? body.get_object().if_contains("richMenuId") : nullptr;
  if (!id || !id->is_string()) return core::fail(core::ErrorCode::unavailable, "LINE sent no richMenuId");
  const std::string menu_id(id->get_string());
  const auto uploaded = api.upload_rich_menu_image(access_token, menu_id, image.content_type, image.bytes);
  if (!uploaded.ok()) return tl::unexpected(refused("uploading the image", uploaded));
  const auto made_default = api.set_default_rich_menu(access_token, menu_id);
  if (!made_default.ok()) return tl::unexpected(refused("making it the default", made_default));
  return menu_id;
}

}  // namespace baton::channels::line
