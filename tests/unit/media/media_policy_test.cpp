// Which uploads are admitted: by the sniffed type and the size limit of its kind.
#include "media/media_policy.hpp"

#include <gtest/gtest.h>

namespace baton::media {
namespace {

const std::string kJpegHead = "\xFF\xD8\xFF\xE0" + std::string(16, '\0');
const std::string kPdfHead = "%PDF-1.7\n";
const std::string kExeHead = "MZ\x90" + std::string(61, '\0');
const std::string kSvgHead = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
const std::string kMp4Head = std::string(
    "\0\0\0\x18"
    "ftypmp42\0\0\0\0mp42isom",
    24);

Refusal refused(const MediaPolicy& policy, const std::string& head, std::uint64_t size,
                std::optional<MediaKind> expected = std::nullopt) {
  auto admitted = admit(policy, head, size, expected);
  EXPECT_FALSE(admitted.has_value());
  return admitted ? Refusal::empty_file : admitted.error();
}

TEST(MediaPolicy, ImageUnderItsLimitIsAdmittedWithItsSniffedType) {
  auto admitted = admit(MediaPolicy{}, kJpegHead, 9'000'000);
  ASSERT_TRUE(admitted.has_value());
  EXPECT_EQ(admitted->type, MediaType::jpeg);
  EXPECT_EQ(admitted->info->mime, "image/jpeg");
}

TEST(MediaPolicy, RenamedExecutableIsDangerous) {
  EXPECT_EQ(refused(MediaPolicy{}, kExeHead, 1000), Refusal::dangerous_type);
}

TEST(MediaPolicy, SvgIsDangerousEvenWhenListedAsAllowed) {
  MediaPolicy policy;
  policy.allowed.insert(MediaType::svg);
  EXPECT_EQ(refused(policy, kSvgHead, kSvgHead.size()), Refusal::dangerous_type);
}

TEST(MediaPolicy, UnknownBytesAreUnsupported) {
  EXPECT_EQ(refused(MediaPolicy{}, std::string("\x00\x01\x02\x03", 4), 4), Refusal::unsupported_type);
}

TEST(MediaPolicy, TypeLeftOutOfThePolicyIsUnsupported) {
  MediaPolicy policy;
  policy.allowed.erase(MediaType::pdf);
  EXPECT_EQ(refused(policy, kPdfHead, 100), Refusal::unsupported_type);
}

TEST(MediaPolicy, ImageOverTenMegabytesIsTooLarge) {
  EXPECT_EQ(refused(MediaPolicy{}, kJpegHead, 10'000'001), Refusal::file_too_large);
}

TEST(MediaPolicy, VideoHasItsOwnLargerLimit) {
  EXPECT_TRUE(admit(MediaPolicy{}, kMp4Head, 24'000'000).has_value());
  EXPECT_EQ(refused(MediaPolicy{}, kMp4Head, 25'000'001), Refusal::file_too_large);
}

TEST(MediaPolicy, FileLimitIsConfigurable) {
  MediaPolicy policy;
  policy.max_file_bytes = 1000;
  EXPECT_EQ(refused(policy, kPdfHead, 1001), Refusal::file_too_large);
}

TEST(MediaPolicy, PdfWhereAnImageWasExpectedIsMismatched) {
  EXPECT_EQ(refused(MediaPolicy{}, kPdfHead, 100, MediaKind::image), Refusal::mismatched_type);
}

TEST(MediaPolicy, EmptyFileIsRefused) { EXPECT_EQ(refused(MediaPolicy{}, "", 0), Refusal::empty_file); }

TEST(MediaPolicy, RefusalCodesAreStable) {
  EXPECT_EQ(refusal_code(Refusal::file_too_large), "file_too_large");
  EXPECT_EQ(refusal_code(Refusal::unsupported_type), "unsupported_type");
  EXPECT_EQ(refusal_code(Refusal::dangerous_type), "dangerous_type");
  EXPECT_EQ(refusal_code(Refusal::mismatched_type), "mismatched_type");
  EXPECT_EQ(refusal_code(Refusal::empty_file), "empty_file");
}

}  // namespace
}  // namespace baton::media
