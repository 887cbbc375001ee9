// Standard Webhooks signing (https://www.standardwebhooks.com/): the receiver recomputes
// HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}" with the endpoint's secret, so any
// of the stock libraries verifies what Baton sends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton::channels::webhook {

// The signing key of a secret "whsec_<base64>" (the bytes the base64 stands for); none when the
// secret is not in that form.
std::optional<std::string> signing_key(std::string_view secret);

// The webhook-signature header: "v1," and the base64 HMAC-SHA256 of id.timestamp.body.
std::string sign(std::string_view key, std::string_view id, std::int64_t timestamp, std::string_view body);

}  // namespace baton::channels::webhook
