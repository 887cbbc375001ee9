// Standard Webhooks signing: the spec's own example, so any stock library verifies Baton.
#include <gtest/gtest.h>

#include "app/webhook_service.hpp"
#include "channels/webhook/signature.hpp"

namespace baton::channels::webhook {
namespace {

TEST(WebhookSignature, MatchesTheStandardWebhooksExample) {
  const auto key = signing_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key);
  EXPECT_EQ(sign(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignature, ANewSecretIsWhsecAndThirtyTwoRandomBytes) {
  const auto secret = app::new_webhook_secret();
  ASSERT_TRUE(secret.starts_with("whsec_")) << secret;
  const auto key = signing_key(secret);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 32u);
  EXPECT_NE(app::new_webhook_secret(), secret);
}

TEST(WebhookSignature, ASecretNotInWhsecFormHasNoKey) {
  for (const char* bad : {"", "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_abc", "whsec_****"}) {
    EXPECT_FALSE(signing_key(bad)) << bad;
  }
}

}  // namespace
}  // namespace baton::channels::webhook
