#include "channels/http/static_files.hpp"

#include <fmt/format.h>

namespace baton::channels::http {
namespace {

// FNV-1a: a stable fingerprint of the bytes, so an ETag survives restarts of the same build.
std::string etag_of(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return fmt::format("\"{:016x}\"", hash);
}

// The console runs no inline script and loads nothing from elsewhere but customers' pictures;
// styles may be inline (Preact sets style attributes), scripts never.
constexpr std::string_view kConsolePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; "
    "media-src 'self' blob: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";
// The demo shop hosts the widget, which styles its own shadow root.
constexpr std::string_view kDemoPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; "
    "media-src 'self' blob: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'";

void add_page_headers(Response& response, PageKind kind) {
  if (kind == PageKind::asset) return;
  response.set("Content-Security-Policy", kind == PageKind::console_page ? kConsolePolicy : kDemoPolicy);
  response.set("Referrer-Policy", "no-referrer");
}

bool accepts_gzip(std::string_view accept_encoding) { return accept_encoding.find("gzip") != std::string_view::npos; }

Response serve(const StaticFile& file, const std::string& etag, const RequestContext& context) {
  Response response{beast_http::status::ok, 11};
  response.set(beast_http::field::etag, etag);
  response.set(beast_http::field::cache_control, "no-cache");  // revalidate: a 304 costs one round trip
  response.set(beast_http::field::vary, "Accept-Encoding");
  response.set("X-Content-Type-Options", "nosniff");
  if (file.framing == FramePolicy::same_origin_only) {
    response.set("X-Frame-Options", file.kind == PageKind::console_page ? "DENY" : "SAMEORIGIN");
  }
  add_page_headers(response, file.kind);
  if (context.header(beast_http::field::if_none_match) == etag) {
    response.result(beast_http::status::not_modified);
    return response;
  }
  response.set(beast_http::field::content_type, file.content_type);
  if (!file.gzipped.empty() && accepts_gzip(context.header(beast_http::field::accept_encoding))) {
    response.set(beast_http::field::content_encoding, "gzip");
    response.body().assign(file.gzipped);
  } else {
    response.body().assign(file.body);
  }
  return response;
}

}  // namespace

void add_static_routes(Router& router, const std::vector<StaticFile>& files) {
  for (const auto& file : files) {
    router.add(beast_http::verb::get, file.path, Audience::anyone,
               [file, etag = etag_of(file.body)](RequestContext& context) -> boost::asio::awaitable<Response> {
                 co_return serve(file, etag, context);
               });
  }
}

}  // namespace baton::channels::http
