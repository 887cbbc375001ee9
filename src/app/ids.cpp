#include "app/ids.hpp"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdint>

namespace baton::app {

std::string new_id(std::string_view prefix) {
  // Base32 in ASCII order, so that ids compare as their times do.
  static constexpr std::string_view kAlphabet = "234567abcdefghijklmnopqrstuvwxyz";
  // The time first (milliseconds, 9 characters: 45 bits, to the year 3084): a new row's key
  // lands beside the last one's in every index on ids, so a group commit writes a few index
  // pages instead of one per row (issue #17). 16 random characters (80 bits) keep ids unguessable.
  constexpr int kTimeCharacters = 9;
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::array<unsigned char, 16> random{};
  randombytes_buf(random.data(), random.size());
  std::string id(prefix);
  id += '_';
  for (int i = kTimeCharacters - 1; i >= 0; --i) id += kAlphabet[(static_cast<std::uint64_t>(now) >> (5 * i)) & 31];
  for (unsigned char byte : random) id += kAlphabet[byte % 32];
  return id;
}

std::string new_uuid() {
  std::array<unsigned char, 16> random{};
  randombytes_buf(random.data(), random.size());
  random[6] = static_cast<unsigned char>((random[6] & 0x0f) | 0x40);  // version 4
  random[8] = static_cast<unsigned char>((random[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string uuid;
  for (std::size_t i = 0; i < random.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid += '-';
    uuid += kHex[random[i] >> 4];
    uuid += kHex[random[i] & 0x0f];
  }
  return uuid;
}

std::string new_token() {
  std::array<unsigned char, 32> random{};
  randombytes_buf(random.data(), random.size());
  std::string out(sodium_base64_ENCODED_LEN(random.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), random.data(), random.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string hash_token(std::string_view token) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

bool secrets_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace baton::app
