// The Live Agent rich menu: created on the LINE channel, given its image, and made the default
// for every user of the account, so the button sits at the bottom of every chat.
#pragma once

#include <string>

#include "channels/line/line_api.hpp"
#include "core/error.hpp"

namespace baton::channels::line {

struct RichMenuImage {
  std::string bytes;
  std::string content_type;  // image/png or image/jpeg
};

// Reads a PNG or JPEG by its first bytes; LINE takes no other kind, and at most 1 MB.
core::Result<RichMenuImage> rich_menu_image_from(std::string bytes);

// Answers the new rich menu's id; `image` must be 2500 x 843 (the default image is).
core::Result<std::string> install_live_agent_menu(const LineApi& api, const std::string& access_token,
                                                  const RichMenuImage& image);

}  // namespace baton::channels::line
