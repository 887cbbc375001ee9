#include "channels/http/metrics_routes.hpp"

#include "app/ids.hpp"
#include "channels/http/responses.hpp"

namespace baton::channels::http {
namespace {

// Both sides hashed first: equal lengths, so the compare takes the same time whatever was sent.
bool token_matches(const std::optional<std::string>& given, const std::string& expected) {
  const std::string sent = given.value_or("");
  return app::secrets_equal(app::hash_token(sent), app::hash_token(expected)) && given.has_value();
}

}  // namespace

void add_metrics_route(Router& router, app::MetricsScraper& scraper, std::optional<std::string> token) {
  router.add(beast_http::verb::get, "/metrics", Audience::anyone,
             [&scraper, token = std::move(token)](RequestContext& context) -> boost::asio::awaitable<Response> {
               if (token) {
                 const auto sent = context.bearer_token();
                 if (!token_matches(sent, *token)) {
                   auto refused = error_response({core::ErrorCode::unauthorized, "a valid metrics token is required"});
                   refused.set(beast_http::field::www_authenticate, "Bearer");
                   co_return refused;
                 }
               }
               Response response{beast_http::status::ok, context.request.version()};
               response.set(beast_http::field::content_type, metrics::kContentType);
               response.set(beast_http::field::cache_control, "no-store");
               response.body() = co_await scraper.scrape();
               co_return response;
             });
}

}  // namespace baton::channels::http
