// A real `baton serve` process on 127.0.0.1 with a fresh data directory, for integration tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace baton::testing {

class ServerProcess {
 public:
  // Starts the server and waits for its "listening on" line (at most 20 s).
  // `environment`: variables set for this process only (a test's fault flag, say).
  explicit ServerProcess(std::vector<std::string> extra_args = {},
                         std::vector<std::pair<std::string, std::string>> environment = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  const std::string& banner() const { return banner_; }

  // SIGKILL (unless stopped already), then a new process on the same data directory.
  void kill_and_restart();
  // SIGKILL, waited for; nothing restarted.
  void kill_hard();
  void stop();

  // SIGTERM, then the exit, waited for at most `limit` (then SIGKILL): how it went, timed from
  // the signal.
  struct Exit {
    bool in_time = false;
    int code = -1;  // the exit status, or minus the signal that ended it
    std::chrono::milliseconds took{0};
  };
  Exit terminate(std::chrono::milliseconds limit);

 private:
  void start();

  std::filesystem::path data_dir_;
  std::vector<std::string> extra_args_;
  std::vector<std::pair<std::string, std::string>> environment_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::string banner_;
};

// The path of the built `baton` binary (set by CMake).
std::string baton_binary();

}  // namespace baton::testing
