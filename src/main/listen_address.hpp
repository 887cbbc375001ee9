// Parses --listen HOST:PORT ("127.0.0.1:8080", "[::1]:0", "0.0.0.0:80").
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string_view>

namespace baton::main {

// Throws std::invalid_argument with a readable reason.
boost::asio::ip::tcp::endpoint parse_listen_address(std::string_view text);

}  // namespace baton::main
