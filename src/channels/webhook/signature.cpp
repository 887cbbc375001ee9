#include "channels/webhook/signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace baton::channels::webhook {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";

std::string base64(const unsigned char* bytes, std::size_t size) {
  std::string encoded(4 * ((size + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), bytes, static_cast<int>(size));
  encoded.resize(static_cast<std::size_t>(written));
  return encoded;
}

}  // namespace

std::optional<std::string> signing_key(std::string_view secret) {
  if (!secret.starts_with(kSecretPrefix)) return std::nullopt;
  const auto encoded = secret.substr(kSecretPrefix.size());
  if (encoded.empty() || encoded.size() % 4 != 0) return std::nullopt;
  std::string key(3 * encoded.size() / 4, '\0');
  const int written =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                      reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
  if (written < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes: drop them.
  std::size_t size = static_cast<std::size_t>(written);
  if (encoded.ends_with("==")) {
    size -= 2;
  } else if (encoded.ends_with('=')) {
    size -= 1;
  }
  key.resize(size);
  return key;
}

std::string sign(std::string_view key, std::string_view id, std::int64_t timestamp, std::string_view body) {
  std::string content;
  content.reserve(id.size() + body.size() + 24);
  content.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(content.data()),
       content.size(), digest, &length);
  return "v1," + base64(digest, length);
}

}  // namespace baton::channels::webhook
