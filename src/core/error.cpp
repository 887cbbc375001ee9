#include "core/error.hpp"

namespace baton::core {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_json:
      return "invalid_json";
    case ErrorCode::invalid_field:
      return "invalid_field";
    case ErrorCode::text_too_long:
      return "text_too_long";
    case ErrorCode::unauthorized:
      return "unauthorized";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::csrf_failed:
      return "csrf_failed";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::method_not_allowed:
      return "method_not_allowed";
    case ErrorCode::already_exists:
      return "already_exists";
    case ErrorCode::held_by_another_agent:
      return "held_by_another_agent";
    case ErrorCode::conversation_done:
      return "conversation_done";
    case ErrorCode::invalid_state:
      return "invalid_state";
    case ErrorCode::live_agent_disabled:
      return "live_agent_disabled";
    case ErrorCode::payload_too_large:
      return "payload_too_large";
    case ErrorCode::unsupported_media_type:
      return "unsupported_media_type";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::weak_password:
      return "weak_password";
    case ErrorCode::wrong_password:
      return "wrong_password";
    case ErrorCode::account_disabled:
      return "account_disabled";
    case ErrorCode::last_admin:
      return "last_admin";
    case ErrorCode::at_capacity:
      return "at_capacity";
    case ErrorCode::agent_unavailable:
      return "agent_unavailable";
    case ErrorCode::not_holder:
      return "not_holder";
    case ErrorCode::invalid_timezone:
      return "invalid_timezone";
    case ErrorCode::already_rated:
      return "already_rated";
    case ErrorCode::survey_expired:
      return "survey_expired";
    case ErrorCode::url_not_allowed:
      return "url_not_allowed";
    case ErrorCode::gone:
      return "gone";
    case ErrorCode::file_infected:
      return "file_infected";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

}  // namespace baton::core
