#include "channels/http/responses.hpp"

#include <boost/json/serialize.hpp>

namespace baton::channels::http {

beast_http::status status_of(core::ErrorCode code) {
  using core::ErrorCode;
  using S = beast_http::status;
  switch (code) {
    case ErrorCode::invalid_json:
    case ErrorCode::invalid_field:
    case ErrorCode::text_too_long:
    case ErrorCode::weak_password:
    case ErrorCode::invalid_timezone:
    case ErrorCode::url_not_allowed:
      return S::bad_request;
    case ErrorCode::unauthorized:
      return S::unauthorized;
    case ErrorCode::forbidden:
    case ErrorCode::csrf_failed:
    case ErrorCode::wrong_password:
    case ErrorCode::account_disabled:
    case ErrorCode::not_holder:
      return S::forbidden;
    case ErrorCode::not_found:
      return S::not_found;
    case ErrorCode::method_not_allowed:
      return S::method_not_allowed;
    case ErrorCode::already_exists:
    case ErrorCode::held_by_another_agent:
    case ErrorCode::conversation_done:
    case ErrorCode::invalid_state:
    case ErrorCode::live_agent_disabled:
    case ErrorCode::last_admin:
    case ErrorCode::at_capacity:
    case ErrorCode::agent_unavailable:
    case ErrorCode::already_rated:
    case ErrorCode::survey_expired:
      return S::conflict;
    case ErrorCode::payload_too_large:
      return S::payload_too_large;
    case ErrorCode::unsupported_media_type:
      return S::unsupported_media_type;
    case ErrorCode::rate_limited:
      return S::too_many_requests;
    case ErrorCode::gone:
      return S::gone;
    case ErrorCode::file_infected:
      return S::unprocessable_entity;
    case ErrorCode::unavailable:
      return S::service_unavailable;
    case ErrorCode::internal:
      return S::internal_server_error;
  }
  return S::internal_server_error;
}

Response json_response(beast_http::status status, const boost::json::value& body) {
  Response response{status, 11};
  response.set(beast_http::field::content_type, "application/json; charset=utf-8");
  response.set(beast_http::field::cache_control, "no-store");
  response.body() = boost::json::serialize(body);
  return response;
}

Response error_response(const core::Error& error) {
  auto response = json_response(status_of(error.code),
                                {{"error", {{"code", core::error_code_name(error.code)}, {"message", error.message}}}});
  if (error.retry_after_seconds > 0) {
    response.set(beast_http::field::retry_after, std::to_string(error.retry_after_seconds));
  }
  return response;
}

Response no_content() { return Response{beast_http::status::no_content, 11}; }

void allow_any_origin(Response& response) { response.set(beast_http::field::access_control_allow_origin, "*"); }

Response cors_preflight() {
  Response response = no_content();
  allow_any_origin(response);
  response.set(beast_http::field::access_control_allow_methods, "GET, POST, OPTIONS");
  response.set(beast_http::field::access_control_allow_headers, "Authorization, Content-Type");
  response.set(beast_http::field::access_control_max_age, "600");
  return response;
}

}  // namespace baton::channels::http
