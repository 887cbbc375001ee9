#include "main/web_files.hpp"

#include <string_view>

namespace baton::embedded {
std::string_view web_index_html();
std::string_view web_index_html_gz();
std::string_view web_console_js();
std::string_view web_console_js_gz();
std::string_view web_console_css();
std::string_view web_console_css_gz();
std::string_view web_widget_js();
std::string_view web_widget_js_gz();
std::string_view web_demo_html();
std::string_view web_demo_html_gz();
}  // namespace baton::embedded

namespace baton::main {

std::vector<channels::http::StaticFile> web_files(bool with_demo_page) {
  using channels::http::FramePolicy;
  using channels::http::PageKind;
  namespace e = embedded;
  std::vector<channels::http::StaticFile> files{
      {"/", "text/html; charset=utf-8", e::web_index_html(), e::web_index_html_gz(), FramePolicy::same_origin_only,
       PageKind::console_page},
      {"/console.js", "text/javascript; charset=utf-8", e::web_console_js(), e::web_console_js_gz()},
      {"/console.css", "text/css; charset=utf-8", e::web_console_css(), e::web_console_css_gz()},
      // Host pages of any origin load the widget script.
      {"/widget.js", "text/javascript; charset=utf-8", e::web_widget_js(), e::web_widget_js_gz(),
       FramePolicy::anywhere},
  };
  if (with_demo_page) {
    files.push_back({"/demo", "text/html; charset=utf-8", e::web_demo_html(), e::web_demo_html_gz(),
                     FramePolicy::same_origin_only, PageKind::demo_page});
  }
  return files;
}

}  // namespace baton::main
