// Where outgoing webhooks may go (team operations §4.11): an admin names the URL, so without a
// guard it reaches anything the server can (its own ports, the LAN, a cloud's metadata service).
// Addresses that are loopback, private, link-local, shared (CGNAT), multicast, reserved or the
// clouds' metadata are refused unless the operator allows private addresses
// (--webhook-allow-private). The address checked is the one connected to (pinned), so a name
// that resolves elsewhere the second time cannot slip past.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

namespace baton::net {

// Whether `address` is on the public internet.
bool public_address(const boost::asio::ip::address& address);

struct ResolvedUrl {
  std::vector<std::string> addresses;  // every address of the URL's host, all allowed
  std::string error;                   // why not, when addresses is empty
  bool refused = false;                // it resolved, but to an address not allowed
  bool ok() const { return error.empty(); }
};

// Resolves the host of an http(s) URL (blocking) and checks every address it gives: one that is
// not allowed refuses the URL as a whole.
ResolvedUrl resolve_allowed(const std::string& url, bool allow_private);

}  // namespace baton::net
