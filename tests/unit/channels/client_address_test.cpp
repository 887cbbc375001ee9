// Who a request comes from: X-Forwarded-For counts only from trusted proxies, and the agent
// socket's Origin check compares authorities.
#include "channels/http/client_address.hpp"

#include <gtest/gtest.h>

namespace baton::channels::http {
namespace {
namespace ip = boost::asio::ip;

Request with_headers(std::initializer_list<std::pair<const char*, const char*>> headers) {
  Request request{beast_http::verb::get, "/", 11};
  for (const auto& [name, value] : headers) request.set(name, value);
  return request;
}

TEST(ClientAddress, HeadersFromAnUntrustedPeerAreIgnored) {
  const auto proxies = *TrustedProxies::parse({"10.0.0.0/8"});
  auto client = client_of(ip::make_address("203.0.113.5"), with_headers({{"X-Forwarded-For", "1.2.3.4"}}), proxies);
  EXPECT_EQ(client.address, "203.0.113.5");
  EXPECT_FALSE(client.secure);
}

TEST(ClientAddress, ATrustedProxyNamesTheClientAndItsScheme) {
  const auto proxies = *TrustedProxies::parse({"10.0.0.0/8", "::1"});
  auto client =
      client_of(ip::make_address("10.1.2.3"),
                with_headers({{"X-Forwarded-For", "198.51.100.7, 10.9.9.9"}, {"X-Forwarded-Proto", "https"}}), proxies);
  EXPECT_EQ(client.address, "198.51.100.7") << "trusted hops are skipped from our side";
  EXPECT_TRUE(client.secure);
  // A client cannot slip an address in front: only the hop the trusted proxy saw counts.
  auto spoofed =
      client_of(ip::make_address("::1"), with_headers({{"X-Forwarded-For", "6.6.6.6, 198.51.100.8"}}), proxies);
  EXPECT_EQ(spoofed.address, "198.51.100.8");
  auto garbage =
      client_of(ip::make_address("10.0.0.1"), with_headers({{"X-Forwarded-For", "not an address"}}), proxies);
  EXPECT_EQ(garbage.address, "10.0.0.1");
}

TEST(ClientAddress, ProxyListsMustBeCidrs) {
  EXPECT_FALSE(TrustedProxies::parse({"10.0.0.0/33"}));
  EXPECT_FALSE(TrustedProxies::parse({"example.com"}));
  EXPECT_TRUE(TrustedProxies::parse({"192.168.0.0/16", "fd00::/8", "127.0.0.1"}));
}

TEST(ClientAddress, AnOriginMatchesItsOwnHostOnly) {
  EXPECT_TRUE(same_authority("https://chat.example.com", "chat.example.com"));
  EXPECT_TRUE(same_authority("http://127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_TRUE(same_authority("https://Chat.Example.com:443", "chat.example.com"));
  EXPECT_FALSE(same_authority("https://shop.example.com", "chat.example.com"));
  EXPECT_FALSE(same_authority("http://127.0.0.1:9090", "127.0.0.1:8080"));
  EXPECT_FALSE(same_authority("null", "chat.example.com"));
  EXPECT_FALSE(same_authority("", "chat.example.com"));
  EXPECT_FALSE(same_authority("https://chat.example.com", ""));
}

}  // namespace
}  // namespace baton::channels::http
