// Running the `baton` binary as a command (not a server) and reading what it printed.
#pragma once

#include <string>

namespace baton::testing {

struct Run {
  int exit_code;
  std::string output;  // stdout and stderr
};

// `arguments` are passed through the shell as written.
Run run_baton(const std::string& arguments);

}  // namespace baton::testing
