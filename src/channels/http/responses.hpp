// Building answers: JSON bodies, the error shape of API.md, CORS for the widget endpoints.
#pragma once

#include <boost/json/value.hpp>

#include "channels/http/request_context.hpp"
#include "core/error.hpp"

namespace baton::channels::http {

beast_http::status status_of(core::ErrorCode code);
Response json_response(beast_http::status status, const boost::json::value& body);
Response error_response(const core::Error& error);
Response no_content();
// Any origin may embed the widget: its endpoints answer with permissive CORS headers.
void allow_any_origin(Response& response);
Response cors_preflight();

}  // namespace baton::channels::http
