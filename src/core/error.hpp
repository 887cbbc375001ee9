// Expected failures as values: one error enum for the whole server, mapped to HTTP in one place.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>

namespace baton::core {

enum class ErrorCode {
  invalid_json,
  invalid_field,
  text_too_long,
  unauthorized,
  forbidden,
  csrf_failed,
  not_found,
  method_not_allowed,
  already_exists,
  held_by_another_agent,
  conversation_done,
  invalid_state,
  live_agent_disabled,
  payload_too_large,
  unsupported_media_type,
  rate_limited,
  weak_password,
  wrong_password,
  account_disabled,
  last_admin,
  at_capacity,        // the agent already holds as many live conversations as allowed
  agent_unavailable,  // a transfer's target is not on duty or not a member of the assistant
  not_holder,         // only the agent holding the conversation (or an admin) may do this
  invalid_timezone,
  already_rated,    // a survey answered once already
  survey_expired,   // a survey past its lifetime
  url_not_allowed,  // a webhook URL resolving to a loopback, private, link-local or metadata address
  gone,             // a file past the retention: its message stays, its bytes are dropped
  file_infected,    // the virus scanner found something in an upload
  unavailable,
  internal,
};

// The snake_case code sent to clients in {"error": {"code": ...}}.
std::string_view error_code_name(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
  int retry_after_seconds = 0;  // > 0: the client may try again after this long (429's Retry-After)
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

// 429 rate_limited, with how long to wait.
inline tl::unexpected<Error> too_many(std::string message, int retry_after_seconds) {
  return tl::unexpected<Error>(Error{ErrorCode::rate_limited, std::move(message), std::max(1, retry_after_seconds)});
}

}  // namespace baton::core
