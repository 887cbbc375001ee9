#include "support/command.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <stdexcept>

#include "support/server_process.hpp"

namespace baton::testing {

int free_port() {
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (probe < 0 || ::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (probe >= 0) ::close(probe);
    throw std::runtime_error("no free port on 127.0.0.1");
  }
  ::close(probe);
  return ntohs(address.sin_port);
}

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
