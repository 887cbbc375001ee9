// The built front ends compiled into the binary: console at "/", the widget script, and the
// demo shop page when the demo is on.
#pragma once

#include <vector>

#include "channels/http/static_files.hpp"

namespace baton::main {

std::vector<channels::http::StaticFile> web_files(bool with_demo_page);

}  // namespace baton::main
