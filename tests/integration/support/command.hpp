// Running a command (the `baton` binary as a command, not a server; a tool such as pg_ctl) and
// reading what it printed.
#pragma once

#include <string>

namespace baton::testing {

struct Run {
  int exit_code;
  std::string output;  // stdout and stderr
};

// `command` runs through the shell as written, with stderr joined to stdout.
Run run_command(const std::string& command);
// `arguments` are passed through the shell as written.
Run run_baton(const std::string& arguments);

// A port nobody listens on now on 127.0.0.1 (the kernel's pick for a socket bound to port 0).
int free_port();

}  // namespace baton::testing
