// The Live Agent rich menu: created on the LINE channel, given its image, and made the default
// for every user of the account, so the button sits at the bottom of every chat.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "channels/line/line_api.hpp"
#include "core/error.hpp"

namespace baton::channels::line {

struct RichMenuImage {
  std::string bytes;
  std::string content_type;  // image/png or image/jpeg
};

// Reads a PNG or JPEG by its first bytes; LINE takes no other kind, and at most 1 MB.
core::Result<RichMenuImage> rich_menu_image_from(std::string bytes);

// LINE's limit on a uri action's URI.
inline constexpr std::size_t kMaxShopLinkChars = 1000;

// A shop link fit for the menu's uri action: an absolute https URL with a host, at most 1000
// characters. Answers it unchanged, or why it is refused.
core::Result<std::string> checked_shop_link(std::string_view url);

// The menu's definition: one Live Agent area over the whole image, or with a (checked) shop link
// the Live Agent area on the left and a uri action opening the shop on the right.
boost::json::object live_agent_menu(const std::optional<std::string>& shop_link);

// Answers the new rich menu's id; `image` must be 2500 x 843 (the default image is).
core::Result<std::string> install_live_agent_menu(const LineApi& api, const std::string& access_token,
                                                  const RichMenuImage& image,
                                                  const std::optional<std::string>& shop_link = std::nullopt);

}  // namespace baton::channels::line
