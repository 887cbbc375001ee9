// Who is on the other end of a request: the peer's address, or the client a trusted reverse
// proxy names in X-Forwarded-For (and whether the client reached it over HTTPS, from
// X-Forwarded-Proto). Headers from anyone else are ignored, so a client cannot pick its own
// address to dodge the per-address limits.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/http/request_context.hpp"

namespace baton::channels::http {

class TrustedProxies {
 public:
  // Parses "10.0.0.0/8", "::1/128" or a bare address; nullopt for anything else.
  static std::optional<TrustedProxies> parse(const std::vector<std::string>& cidrs);

  bool contains(const boost::asio::ip::address& address) const;
  bool empty() const { return v4_.empty() && v6_.empty(); }

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

// Whether an Origin header ("https://chat.example.com") names the same host and port as a Host
// header ("chat.example.com"); default ports count as absent.
bool same_authority(std::string_view origin, std::string_view host);

// The client of `request` that arrived from `peer`.
ClientInfo client_of(const boost::asio::ip::address& peer, const Request& request, const TrustedProxies& proxies);

}  // namespace baton::channels::http
