#include "channels/http/client_address.hpp"

#include "core/text.hpp"

namespace baton::channels::http {
namespace ip = boost::asio::ip;

namespace {

// An IPv4-mapped IPv6 peer (::ffff:1.2.3.4) counts as the IPv4 address it carries.
ip::address plain(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code error;
  auto address = ip::make_address(std::string(core::trim_text(text)), error);
  if (error) return std::nullopt;
  return plain(address);
}

}  // namespace

std::optional<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& cidrs) {
  TrustedProxies proxies;
  for (const auto& text : cidrs) {
    boost::system::error_code error;
    std::string cidr(core::trim_text(text));
    if (cidr.find('/') == std::string::npos) {
      auto address = parse_address(cidr);
      if (!address) return std::nullopt;
      cidr = address->to_string() + (address->is_v4() ? "/32" : "/128");
    }
    if (cidr.find(':') == std::string::npos) {
      auto network = ip::make_network_v4(cidr, error);
      if (error) return std::nullopt;
      proxies.v4_.push_back(network.canonical());
    } else {
      auto network = ip::make_network_v6(cidr, error);
      if (error) return std::nullopt;
      proxies.v6_.push_back(network.canonical());
    }
  }
  return proxies;
}

bool TrustedProxies::contains(const ip::address& given) const {
  const auto address = plain(given);
  if (address.is_v4()) {
    const auto host = ip::network_v4(address.to_v4(), 32);
    for (const auto& network : v4_) {
      if (host == network || host.is_subnet_of(network)) return true;
    }
    return false;
  }
  const auto host = ip::network_v6(address.to_v6(), 128);
  for (const auto& network : v6_) {
    if (host == network || host.is_subnet_of(network)) return true;
  }
  return false;
}

bool same_authority(std::string_view origin, std::string_view host) {
  auto without_default_port = [](std::string authority, std::string_view scheme) {
    const std::string_view port = scheme == "https" ? ":443" : ":80";
    if (authority.ends_with(port)) authority.resize(authority.size() - port.size());
    return authority;
  };
  const std::string origin_text = core::ascii_lower(core::trim_text(origin));
  const auto separator = origin_text.find("://");
  if (separator == std::string::npos || host.empty()) return false;
  const std::string scheme = origin_text.substr(0, separator);
  if (scheme != "http" && scheme != "https") return false;
  const std::string origin_authority = without_default_port(origin_text.substr(separator + 3), scheme);
  return !origin_authority.empty() &&
         origin_authority == without_default_port(core::ascii_lower(core::trim_text(host)), scheme);
}

ClientInfo client_of(const ip::address& peer, const Request& request, const TrustedProxies& proxies) {
  ClientInfo client{plain(peer).to_string(), false};
  if (proxies.empty() || !proxies.contains(peer)) return client;
  auto proto = request.find("X-Forwarded-Proto");
  if (proto != request.end()) {
    client.secure = core::ascii_lower(core::trim_text(proto->value())) == "https";
  }
  // X-Forwarded-For lists the hops oldest first; each proxy appends the address it saw. Walk
  // back from our side while the hops are proxies we trust: the first other one is the client.
  std::string_view chain;
  auto forwarded = request.find("X-Forwarded-For");
  if (forwarded != request.end()) chain = forwarded->value();
  while (!chain.empty()) {
    const auto comma = chain.rfind(',');
    const std::string_view hop = comma == std::string_view::npos ? chain : chain.substr(comma + 1);
    chain = comma == std::string_view::npos ? std::string_view() : chain.substr(0, comma);
    auto address = parse_address(hop);
    if (!address) break;  // garbage: keep the last address we could trust
    client.address = address->to_string();
    if (!proxies.contains(*address)) break;
  }
  return client;
}

}  // namespace baton::channels::http
