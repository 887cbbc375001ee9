// Tokens the server signs and later checks without storing them (resume links, file links):
// base64url(payload) '.' base64url(HMAC-SHA256(key, payload)), and the server keys they are
// signed with, kept in the store so that every node signs and checks alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace baton::app {

std::string seal(std::string_view key, std::string_view payload);
// The payload when `token` is one `seal` made with `key`; nothing otherwise (any damage).
std::optional<std::string> unseal(std::string_view key, std::string_view token);

// The server's key named `name`, made on the first start (blocking: call at start-up). Every
// node may start at once: the first key stored wins, and all read it back.
std::string load_server_key(store::Store& store, std::string_view name);

}  // namespace baton::app
