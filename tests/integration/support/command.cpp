#include "support/command.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "support/server_process.hpp"

namespace baton::testing {

Run run_command(const std::string& command) {
  const std::string joined = command + " 2>&1";
  FILE* pipe = popen(joined.c_str(), "r");
  if (!pipe) return Run{-1, "could not start: " + command};
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  const int status = pclose(pipe);
  return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

Run run_baton(const std::string& arguments) { return run_command(baton_binary() + " " + arguments); }

}  // namespace baton::testing
