// Whether a new password is good enough: core's length rule, then libpwquality's checks (a
// dictionary of guessable words, sequences, palindromes, the user's own e-mail or name), plus
// the handful of words every attacker tries first with digits stuck on.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace baton::app {

// The password unchanged, or 400 weak_password with a reason a person can act on.
core::Result<std::string> check_new_password(std::string_view password, std::string_view email, std::string_view name);

}  // namespace baton::app
