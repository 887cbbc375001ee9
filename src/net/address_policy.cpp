#include "net/address_policy.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/url/parse.hpp>
#include <cstdint>

namespace baton::net {
namespace {

namespace ip = boost::asio::ip;

struct Range {
  std::uint32_t network;
  int prefix;
};

constexpr std::uint32_t v4(int a, int b, int c, int d) {
  return static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(b) << 16 |
         static_cast<std::uint32_t>(c) << 8 | static_cast<std::uint32_t>(d);
}

// Not on the public internet (RFC 6890 and the clouds' metadata addresses, which are
// link-local 169.254.169.254 or, on Alibaba, in the shared 100.64.0.0/10).
constexpr std::array<Range, 13> kNotPublicV4{{
    {v4(0, 0, 0, 0), 8},        // "this network"
    {v4(10, 0, 0, 0), 8},       // private
    {v4(100, 64, 0, 0), 10},    // shared address space (CGNAT)
    {v4(127, 0, 0, 0), 8},      // loopback
    {v4(169, 254, 0, 0), 16},   // link-local, cloud metadata
    {v4(172, 16, 0, 0), 12},    // private
    {v4(192, 0, 0, 0), 24},     // IETF protocol assignments
    {v4(192, 0, 2, 0), 24},     // documentation
    {v4(192, 168, 0, 0), 16},   // private
    {v4(198, 18, 0, 0), 15},    // benchmarking
    {v4(198, 51, 100, 0), 24},  // documentation
    {v4(203, 0, 113, 0), 24},   // documentation
    {v4(224, 0, 0, 0), 3},      // multicast, reserved and broadcast (224.0.0.0 and up)
}};

bool public_v4(const ip::address_v4& address) {
  const auto value = address.to_uint();
  for (const auto& range : kNotPublicV4) {
    const std::uint32_t mask = range.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - range.prefix);
    if ((value & mask) == (range.network & mask)) return false;
  }
  return true;
}

bool public_v6(const ip::address_v6& address) {
  if (address.is_v4_mapped()) return public_v4(ip::make_address_v4(ip::v4_mapped, address));
  const auto bytes = address.to_bytes();
  // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes.
  if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b &&
      std::all_of(bytes.begin() + 4, bytes.begin() + 12, [](unsigned char b) { return b == 0; })) {
    return public_v4(ip::address_v4({bytes[12], bytes[13], bytes[14], bytes[15]}));
  }
  if (address.is_unspecified() || address.is_loopback() || address.is_link_local() || address.is_site_local() ||
      address.is_multicast()) {
    return false;
  }
  if ((bytes[0] & 0xfe) == 0xfc) return false;  // unique local (fc00::/7), AWS metadata
  if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8) return false;  // documentation
  return true;
}

}  // namespace

bool public_address(const ip::address& address) {
  return address.is_v4() ? public_v4(address.to_v4()) : public_v6(address.to_v6());
}

ResolvedUrl resolve_allowed(const std::string& url, bool allow_private) {
  ResolvedUrl resolved;
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->host().empty()) {
    resolved.error = "not an http(s) URL";
    return resolved;
  }
  std::string host = parsed->host_address();  // an IPv6 literal without its brackets
  boost::asio::io_context io;
  ip::tcp::resolver resolver(io);
  boost::system::error_code error;
  const auto results = resolver.resolve(host, parsed->scheme(), error);
  if (error || results.empty()) {
    resolved.error = "cannot resolve " + host + (error ? ": " + error.message() : "");
    return resolved;
  }
  for (const auto& entry : results) {
    const auto address = entry.endpoint().address();
    if (!allow_private && !public_address(address)) {
      resolved.addresses.clear();
      resolved.refused = true;
      resolved.error =
          host + " resolves to " + address.to_string() + ", a loopback, private, link-local or metadata address";
      return resolved;
    }
    const auto text = address.to_string();
    if (std::find(resolved.addresses.begin(), resolved.addresses.end(), text) == resolved.addresses.end()) {
      resolved.addresses.push_back(text);
    }
  }
  return resolved;
}

}  // namespace baton::net
