// The e-mail follow-up's resume link (team operations §4.12): /r/{token} is a small page of
// Baton's with the widget, which resumes the conversation the token names (the widget presents
// the token to its session endpoint, see widget_routes.cpp).
#include "app/resume_tokens.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"

namespace baton::channels::http {
namespace {

// Only our own tokens and ids reach the page (checked first), but escaped all the same.
std::string escape_html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Response html_response(beast_http::status status, std::string body) {
  Response response{status, 11};
  response.set(beast_http::field::content_type, "text/html; charset=utf-8");
  response.set(beast_http::field::cache_control, "no-store");
  response.set("Referrer-Policy", "no-referrer");  // the token stays on this page
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

std::string resume_page(const app::ResumeClaim& claim, std::string_view token) {
  return "<!doctype html>\n<html lang=\"zh-TW\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Baton</title>\n"
         "</head>\n<body>\n<script src=\"/widget.js\" data-assistant-id=\"" +
         escape_html(claim.assistant_id) + "\" data-resume-token=\"" + escape_html(token) +
         "\" async></script>\n</body>\n</html>\n";
}

std::string expired_page() {
  return "<!doctype html>\n<html lang=\"zh-TW\">\n<head>\n<meta charset=\"utf-8\">\n<title>Baton</title>\n</head>\n"
         "<body>\n<p>此連結無效或已過期。</p>\n<p lang=\"en\">This link is not valid or has expired.</p>\n</body>\n"
         "</html>\n";
}

asio::awaitable<Response> get_resume_page(RequestContext& context, app::Services& services) {
  if (!services.resume) co_return html_response(status::not_found, expired_page());
  const std::string token = context.param("token");
  auto claim = services.resume->check(token);
  if (!claim) co_return html_response(status::unauthorized, expired_page());
  co_return html_response(status::ok, resume_page(*claim, token));
}

constexpr OpenRoute kAnyoneRoutes[] = {
    {verb::get, "/r/{token}", get_resume_page},
};

}  // namespace

RouteTables email_routes() { return {.anyone = kAnyoneRoutes}; }

}  // namespace baton::channels::http
