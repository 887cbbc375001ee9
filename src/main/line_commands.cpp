#include "main/line_commands.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "channels/line/rich_menu.hpp"
#include "channels/line/rich_menu_image.hpp"

namespace baton::main {

int install_rich_menu(const RichMenuOptions& options) {
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
  std::string bytes = channels::line::default_rich_menu_png();
  if (!options.image_path.empty()) {
    std::ifstream file(options.image_path, std::ios::binary);
    if (!file) {
      std::cerr << "baton: cannot read " << options.image_path << "\n";
      return 2;
    }
    std::stringstream content;
    content << file.rdbuf();
    bytes = content.str();
  }
  auto image = channels::line::rich_menu_image_from(std::move(bytes));
  if (!image) {
    std::cerr << "baton: " << image.error().message << "\n";
    return 2;
  }
  channels::line::LineApi api({options.line_api_base, options.line_data_api_base, {}});
  auto menu = channels::line::install_live_agent_menu(api, channel->channel_access_token, *image);
  if (!menu) {
    std::cerr << "baton: " << menu.error().message << "\n";
    return 1;
  }
  std::cout << "rich menu " << *menu << " is now the default for every user of the account\n";
  return 0;
}

int write_default_rich_menu_image(const std::string& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  const auto png = channels::line::default_rich_menu_png();
  if (!file.write(png.data(), static_cast<std::streamsize>(png.size()))) {
    std::cerr << "baton: cannot write " << path << "\n";
    return 1;
  }
  std::cout << "wrote " << path << " (" << channels::line::kRichMenuWidth << " x " << channels::line::kRichMenuHeight
            << ", " << png.size() << " bytes)\n";
  return 0;
}

}  // namespace baton::main
