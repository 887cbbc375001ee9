#include "main/line_commands.hpp"

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "channels/line/rich_menu.hpp"
#include "channels/line/rich_menu_image.hpp"

namespace baton::main {
namespace {

// The shop link as the menu takes it: none, or a checked one; an error message otherwise.
core::Result<std::optional<std::string>> shop_link_of(const MenuLook& look) {
  if (look.shop_link.empty()) return std::nullopt;
  auto link = channels::line::checked_shop_link(look.shop_link);
  if (!link) return tl::unexpected(link.error());
  return std::optional<std::string>(std::move(*link));
}

core::Result<std::string> drawn_image(const MenuLook& look) {
  const auto language = channels::line::menu_language_named(look.language);
  if (!language) return core::fail(core::ErrorCode::invalid_field, "--lang takes zh-TW, en or both");
  return channels::line::default_rich_menu_png({*language, !look.shop_link.empty()});
}

core::Result<std::string> read_image(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return core::fail(core::ErrorCode::not_found, "cannot read " + path);
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace

int install_rich_menu(const RichMenuOptions& options) {
  const auto shop_link = shop_link_of(options.look);
  if (!shop_link) {
    std::cerr << "baton: " << shop_link.error().message << "\n";
    return 2;
  }
  std::optional<core::LineChannel> channel;
  {
    auto store = open_store(options.store);
    channel = store->begin_read()->line_channel(options.assistant_id);
  }
  if (!channel) {
    std::cerr << "baton: assistant " << options.assistant_id << " is not connected to LINE (in "
              << describe(options.store) << "); connect it in the console first\n";
    return 2;
  }
  auto bytes = options.image_path.empty() ? drawn_image(options.look) : read_image(options.image_path);
  if (!bytes) {
    std::cerr << "baton: " << bytes.error().message << "\n";
    return 2;
  }
  auto image = channels::line::rich_menu_image_from(std::move(*bytes));
  if (!image) {
    std::cerr << "baton: " << image.error().message << "\n";
    return 2;
  }
  channels::line::LineApi api({options.line_api_base, options.line_data_api_base, {}});
  auto menu = channels::line::install_live_agent_menu(api, channel->channel_access_token, *image, *shop_link);
  if (!menu) {
    std::cerr << "baton: " << menu.error().message << "\n";
    return 1;
  }
  std::cout << "rich menu " << *menu << " is now the default for every user of the account\n";
  return 0;
}

int write_default_rich_menu_image(const std::string& path, const MenuLook& look) {
  const auto shop_link = shop_link_of(look);
  const auto png = shop_link ? drawn_image(look) : tl::unexpected(shop_link.error());
  if (!png) {
    std::cerr << "baton: " << png.error().message << "\n";
    return 2;
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file.write(png->data(), static_cast<std::streamsize>(png->size()))) {
    std::cerr << "baton: cannot write " << path << "\n";
    return 1;
  }
  std::cout << "wrote " << path << " (" << channels::line::kRichMenuWidth << " x " << channels::line::kRichMenuHeight
            << ", " << png->size() << " bytes)\n";
  return 0;
}

}  // namespace baton::main
