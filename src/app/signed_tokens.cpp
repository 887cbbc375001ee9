#include "app/signed_tokens.hpp"

#include <sodium.h>

#include <stdexcept>

#include "app/ids.hpp"
#include "store/commit_and_wait.hpp"

namespace baton::app {
namespace {

constexpr int kBase64Url = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

std::string to_base64url(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), kBase64Url), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    kBase64Url);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, &end, kBase64Url) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::string mac_of(std::string_view key, std::string_view payload) {
  std::string mac(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(payload.data()), payload.size());
  crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(mac.data()));
  return mac;
}

}  // namespace

std::string seal(std::string_view key, std::string_view payload) {
  return to_base64url(payload) + "." + to_base64url(mac_of(key, payload));
}

std::optional<std::string> unseal(std::string_view key, std::string_view token) {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto payload = from_base64url(token.substr(0, dot));
  auto mac = from_base64url(token.substr(dot + 1));
  if (!payload || !mac || mac->size() != crypto_auth_hmacsha256_BYTES) return std::nullopt;
  if (sodium_memcmp(mac->data(), mac_of(key, *payload).data(), mac->size()) != 0) return std::nullopt;
  return payload;
}

std::string load_server_key(store::Store& store, std::string_view name) {
  auto key = store.begin_read()->server_secret(name);
  if (!key) {
    const auto made = new_token();
    store::commit_and_wait(store, [made, name = std::string(name)](store::WriteTxn& txn) {
      txn.insert_server_secret(name, made);
      return true;
    });
    key = store.begin_read()->server_secret(name);
  }
  if (!key) throw std::runtime_error("the server key " + std::string(name) + " could not be stored");
  return *key;
}

}  // namespace baton::app
