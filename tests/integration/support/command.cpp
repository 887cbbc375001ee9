#include "support/command.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "support/server_process.hpp"

namespace baton::testing {

Run run_baton(const std::string& arguments) {
  const std::string command = baton_binary() + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  const int status = pclose(pipe);
  return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace baton::testing
