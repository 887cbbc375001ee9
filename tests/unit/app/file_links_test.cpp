// Public file links (issue 16): a token names one attachment and one variant until it expires;
// a changed, forged or re-aimed token reads nothing. And the names files are shown under.
#include "app/file_links.hpp"

#include <gtest/gtest.h>

#include "core/fields.hpp"

namespace baton::app {
namespace {

using std::chrono::seconds;

const core::TimePoint kNow{seconds(1796645149)};

TEST(FileLinks, ATokenNamesOneFileAndOneVariantUntilItExpires) {
  const FileLinkSigner signer("a key of the server's");
  const auto token = signer.sign({"att_1", FileVariant::preview, kNow + seconds(60)});
  auto claim = signer.verify(token, kNow);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->attachment_id, "att_1");
  EXPECT_EQ(claim->variant, FileVariant::preview);
  EXPECT_TRUE(signer.verify(token, kNow + seconds(59)));
  EXPECT_FALSE(signer.verify(token, kNow + seconds(60))) << "expired";
  EXPECT_NE(token, signer.sign({"att_1", FileVariant::original, kNow + seconds(60)}));
}

TEST(FileLinks, AChangedOrForgedTokenReadsNothing) {
  const FileLinkSigner signer("a key of the server's");
  const auto token = signer.sign({"att_1", FileVariant::original, kNow + seconds(60)});
  EXPECT_FALSE(
      signer.verify(FileLinkSigner("another key").sign({"att_1", FileVariant::original, kNow + seconds(60)}), kNow));
  for (std::size_t at = 0; at < token.size(); ++at) {
    auto changed = token;
    changed[at] = changed[at] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(signer.verify(changed, kNow)) << "changed at " << at;
  }
  for (const char* junk : {"", ".", "abc", "abc.def", "....", "\xff\xfe.\x01"}) EXPECT_FALSE(signer.verify(junk, kNow));
}

TEST(FileNames, ANameIsItsLastPathPartMadeSafe) {
  EXPECT_EQ(*core::validate_file_name("receipt.pdf"), "receipt.pdf");
  EXPECT_EQ(*core::validate_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(*core::validate_file_name("C:\\Users\\me\\photo.jpg"), "photo.jpg");
  EXPECT_EQ(*core::validate_file_name("a\"b\x01.txt"), "a_b_.txt");
  EXPECT_EQ(*core::validate_file_name("報價單.xlsx"), "報價單.xlsx");
  EXPECT_EQ(*core::validate_file_name(""), "file");
  EXPECT_EQ(*core::validate_file_name(".."), "file");
  EXPECT_FALSE(core::validate_file_name("bad\xff.png")) << "not UTF-8";
  EXPECT_FALSE(core::validate_file_name(std::string(201, 'a'))) << "over 200 characters";
}

}  // namespace
}  // namespace baton::app
