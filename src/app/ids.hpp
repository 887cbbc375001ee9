// Ids and secret tokens (libsodium's CSPRNG); tokens are stored only as hashes.
#pragma once

#include <string>
#include <string_view>

namespace baton::app {

// "conv_" + the time in 9 base32 characters + 16 random ones (80 bits): unguessable, and ids
// made later sort after earlier ones (so new rows sit together in the indexes on ids).
std::string new_id(std::string_view prefix);
// A random (version 4) UUID in its 8-4-4-4-12 form, e.g. for LINE's X-Line-Retry-Key.
std::string new_uuid();
// 256 random bits, base64url without padding.
std::string new_token();
// Hex SHA-256, what the store keeps of a token.
std::string hash_token(std::string_view token);
// Constant-time comparison of two secrets.
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace baton::app
