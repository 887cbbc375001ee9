// The resume links' tokens (team operations §4.12): signed, single conversation, 7 days.
#include "app/resume_tokens.hpp"

#include <gtest/gtest.h>

namespace baton::app {
namespace {

using std::chrono::seconds;

const core::TimePoint kNow{seconds(1796645149)};
const ResumeClaim kClaim{"conv_abc", "asst_1", kNow + kResumeTokenLifetime};

TEST(ResumeTokens, ASignedTokenNamesItsConversationUntilItExpires) {
  const ResumeTokenSigner signer("a key of the server's");
  const auto token = signer.sign(kClaim);
  auto claim = signer.verify(token, kNow);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->conversation_id, "conv_abc");
  EXPECT_EQ(claim->assistant_id, "asst_1");
  EXPECT_TRUE(signer.verify(token, kNow + kResumeTokenLifetime - seconds(1)));
  EXPECT_FALSE(signer.verify(token, kNow + kResumeTokenLifetime)) << "expired after 7 days";
}

TEST(ResumeTokens, ATamperedTokenOrAnotherServersIsRefused) {
  const ResumeTokenSigner signer("a key of the server's");
  const auto token = signer.sign(kClaim);
  const auto other = ResumeTokenSigner("another key").sign(kClaim);
  EXPECT_FALSE(signer.verify(other, kNow));
  // Another conversation's payload under this token's signature.
  const auto forged = signer.sign(ResumeClaim{"conv_xyz", "asst_1", kClaim.expires_at});
  const auto spliced = forged.substr(0, forged.find('.')) + token.substr(token.find('.'));
  EXPECT_FALSE(signer.verify(spliced, kNow));
  std::string flipped = token;
  flipped[2] = flipped[2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(signer.verify(flipped, kNow));
  EXPECT_FALSE(signer.verify("", kNow));
  EXPECT_FALSE(signer.verify("no-dot-here", kNow));
  EXPECT_FALSE(signer.verify("%%%.###", kNow));
}

}  // namespace
}  // namespace baton::app
