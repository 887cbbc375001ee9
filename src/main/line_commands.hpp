// `baton line …`: the commands an operator runs once when connecting a LINE Official Account.
#pragma once

#include <string>

#include "main/open_store.hpp"

namespace baton::main {

// How Baton's own image reads, and whether the menu has a second area opening the shop's site.
struct MenuLook {
  std::string language = "both";  // zh-TW, en or both
  std::string shop_link;          // empty: the whole menu is the Live Agent button
};

struct RichMenuOptions {
  StoreLocation store;  // where the assistant's LINE credentials are
  std::string assistant_id;
  std::string image_path;  // empty: the default image Baton draws
  MenuLook look;           // the shop link applies to a custom image too
  std::string line_api_base = "https://api.line.me";
  std::string line_data_api_base = "https://api-data.line.me";
};

// Creates the Live Agent rich menu for the assistant's LINE channel, uploads its image and makes
// it the default; prints the rich menu id. Exit code 0 on success.
int install_rich_menu(const RichMenuOptions& options);

// Writes the default rich-menu image (2500 x 843 PNG), to start a custom one from.
int write_default_rich_menu_image(const std::string& path, const MenuLook& look);

}  // namespace baton::main
