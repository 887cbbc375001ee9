// The console, the widget script and the demo page: files built from web/ and served as they
// are, gzipped when the browser accepts it, revalidated by ETag so a new build shows at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "channels/http/router.hpp"

namespace baton::channels::http {

// What a file is, for the security headers it gets: the console may never be framed; the demo
// shop page hosts the widget; scripts and styles are plain assets.
enum class FramePolicy { same_origin_only, anywhere };
enum class PageKind { asset, console_page, demo_page };

struct StaticFile {
  std::string path;  // "/", "/widget.js"
  std::string content_type;
  std::string_view body;
  std::string_view gzipped;  // the same bytes gzipped; empty when not worth it
  FramePolicy framing = FramePolicy::same_origin_only;
  PageKind kind = PageKind::asset;
};

void add_static_routes(Router& router, const std::vector<StaticFile>& files);

}  // namespace baton::channels::http
