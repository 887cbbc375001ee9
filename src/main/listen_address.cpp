#include "main/listen_address.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace baton::main {

boost::asio::ip::tcp::endpoint parse_listen_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    throw std::invalid_argument("--listen must be HOST:PORT, got \"" + std::string(text) + "\"");
  }
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    throw std::invalid_argument("--listen port must be 0..65535, got \"" + std::string(port_text) + "\"");
  }
  boost::system::error_code bad_address;
  auto address = boost::asio::ip::make_address(std::string(host), bad_address);
  if (bad_address) {
    throw std::invalid_argument("--listen host must be an IP address, got \"" + std::string(host) + "\"");
  }
  return {address, static_cast<unsigned short>(port)};
}

}  // namespace baton::main
