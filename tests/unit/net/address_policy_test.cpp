// Where webhooks may go (team operations §4.11): never to this machine, the LAN or a cloud's
// metadata service, unless the operator allows private addresses.
#include "net/address_policy.hpp"

#include <gtest/gtest.h>

namespace baton::net {
namespace {

bool is_public(const char* text) { return public_address(boost::asio::ip::make_address(text)); }

TEST(AddressPolicy, LoopbackPrivateLinkLocalMetadataAndReservedAddressesAreNotPublic) {
  for (const char* address : {"127.0.0.1",
                              "127.8.9.10",
                              "0.0.0.0",
                              "10.0.0.1",
                              "172.16.0.1",
                              "172.31.255.255",
                              "192.168.1.1",
                              "169.254.169.254",
                              "169.254.0.1",
                              "100.64.0.1",
                              "100.100.100.200",
                              "192.0.0.192",
                              "224.0.0.1",
                              "239.255.255.250",
                              "240.0.0.1",
                              "255.255.255.255",
                              "198.18.0.1",
                              "192.0.2.1",
                              "::",
                              "::1",
                              "fe80::1",
                              "fc00::1",
                              "fd00:ec2::254",
                              "ff02::1",
                              "::ffff:127.0.0.1",
                              "::ffff:10.1.2.3",
                              "::ffff:169.254.169.254",
                              "64:ff9b::a9fe:a9fe",
                              "2001:db8::1"}) {
    EXPECT_FALSE(is_public(address)) << address;
  }
}

TEST(AddressPolicy, InternetAddressesArePublic) {
  for (const char* address :
       {"1.1.1.1", "8.8.8.8", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
        "169.253.255.255", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"}) {
    EXPECT_TRUE(is_public(address)) << address;
  }
}

TEST(AddressPolicy, AUrlOnThisMachineIsRefusedUnlessPrivateAddressesAreAllowed) {
  for (const char* url : {"http://127.0.0.1/", "http://localhost:8080/hook", "http://[::1]/", "https://10.0.0.7/"}) {
    const auto refused = resolve_allowed(url, false);
    EXPECT_TRUE(refused.refused) << url;
    EXPECT_TRUE(refused.addresses.empty()) << url;
  }
  const auto allowed = resolve_allowed("http://127.0.0.1:9/hook", true);
  ASSERT_TRUE(allowed.ok()) << allowed.error;
  EXPECT_EQ(allowed.addresses, std::vector<std::string>{"127.0.0.1"});
  EXPECT_FALSE(resolve_allowed("not a url", true).ok());
}

}  // namespace
}  // namespace baton::net
