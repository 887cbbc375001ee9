#include "app/password_policy.hpp"

#include <pwquality.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <mutex>

#include "core/fields.hpp"
#include "core/text.hpp"

namespace baton::app {
namespace {

// cracklib keeps static state: one check at a time.
std::mutex& quality_mutex() {
  static std::mutex mutex;
  return mutex;
}

// "Password2024!", "qwerty123456": a common word with digits or symbols around it.
bool is_common_word_padded(std::string_view password) {
  static constexpr std::array<std::string_view, 12> kWords{"password", "passw0rd", "qwerty", "letmein",
                                                           "welcome",  "iloveyou", "admin",  "baton",
                                                           "monkey",   "dragon",   "abc123", "changeme"};
  std::string letters;
  for (char c : password) {
    if (std::isalpha(static_cast<unsigned char>(c))) letters += static_cast<char>(std::tolower(c));
  }
  return std::any_of(kWords.begin(), kWords.end(), [&](std::string_view word) {
    return letters == word || (letters.size() <= word.size() + 2 && letters.starts_with(word));
  });
}

std::string reason_of(int code, void* detail) {
  char buffer[PWQ_MAX_ERROR_MESSAGE_LEN];
  const char* text = pwquality_strerror(buffer, sizeof buffer, code, detail);
  return text ? std::string(text) : std::string("the password is too easy to guess");
}

}  // namespace

core::Result<std::string> check_new_password(std::string_view password, std::string_view email, std::string_view name) {
  auto valid = core::validate_password(password);
  if (!valid) return valid;
  if (is_common_word_padded(password)) {
    return core::fail(core::ErrorCode::weak_password, "the password is a common word with a few characters added");
  }
  const std::string user(email.substr(0, email.find('@')));
  std::lock_guard lock(quality_mutex());
  std::unique_ptr<pwquality_settings_t, decltype(&pwquality_free_settings)> settings(pwquality_default_settings(),
                                                                                     &pwquality_free_settings);
  if (!settings) return core::fail(core::ErrorCode::internal, "the password check could not start");
  // Length is core's rule (counted in characters); pwquality judges guessability.
  pwquality_set_int_value(settings.get(), PWQ_SETTING_MIN_LENGTH, 6);
  void* detail = nullptr;
  const std::string text(password);
  const int score = pwquality_check(settings.get(), text.c_str(), nullptr, user.c_str(), &detail);
  if (score < 0) {
    auto reason = reason_of(score, detail);
    return core::fail(core::ErrorCode::weak_password, reason);
  }
  const std::string lowered_name = core::ascii_lower(name);
  const std::string lowered = core::ascii_lower(text);
  if (lowered_name.size() >= 4 && lowered.find(lowered_name) != std::string::npos) {
    return core::fail(core::ErrorCode::weak_password, "the password contains the user's name");
  }
  return valid;
}

}  // namespace baton::app
