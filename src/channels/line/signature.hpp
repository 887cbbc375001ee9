// LINE signs each webhook: X-Line-Signature is the base64 HMAC-SHA256 of the raw body with the
// channel secret.
#pragma once

#include <string>
#include <string_view>

namespace baton::channels::line {

std::string signature_of(std::string_view channel_secret, std::string_view body);
// Compared in constant time, so the answer's timing says nothing about the right signature.
bool valid_signature(std::string_view channel_secret, std::string_view body, std::string_view header);

}  // namespace baton::channels::line
