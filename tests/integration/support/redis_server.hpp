// A throwaway Redis server for the tests: a free port on 127.0.0.1, nothing saved to disk, its
// own working directory, stopped when destroyed. It can be killed (-9) and started again on the
// same port, as in a Redis restart under running nodes.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace baton::testing {

class RedisServer {
 public:
  // Throws std::runtime_error when redis-server cannot start (scripts/install-deps.sh installs it).
  RedisServer();
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  static bool installed();

  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

  // Runs one command with redis-cli and answers its output (`args` as on redis-cli's line).
  std::string cli(const std::string& args) const;

  void kill_hard();  // SIGKILL, waited for
  void start();      // on the same port; waits until it answers PING

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace baton::testing
