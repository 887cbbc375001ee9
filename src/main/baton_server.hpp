// Wires the concrete pieces (SQLite store, local bus, built-in AI, services, HTTP server) and
// runs them until SIGINT or SIGTERM.
#pragma once

#include <memory>

#include "main/server_options.hpp"

namespace baton::main {

// Throws std::runtime_error with a one-line reason when the configuration is unusable.
int run_server(const ServerOptions& options);

}  // namespace baton::main
