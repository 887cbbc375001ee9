#include "support/redis_server.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/command.hpp"

namespace baton::testing {

namespace {
const char* kProgram = "/usr/bin/redis-server";
}

bool RedisServer::installed() { return std::filesystem::exists(kProgram); }

RedisServer::RedisServer() {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() / ("baton-redis-" + std::to_string(random()));
  std::filesystem::create_directories(dir_);
  port_ = free_port();
  start();
}

RedisServer::~RedisServer() {
  kill_hard();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void RedisServer::start() {
  std::vector<std::string> args{kProgram,  "--port",       std::to_string(port_),
                                "--bind",  "127.0.0.1",    "--save",
                                "",        "--appendonly", "no",
                                "--dir",   dir_.string(),  "--loglevel",
                                "warning", "--logfile",    (dir_ / "log").string()};
  pid_ = fork();
  if (pid_ == 0) {
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork failed");
  // Ready when it answers; a polled probe because redis-server says nothing on stdout.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (run_command("redis-cli -p " + std::to_string(port_) + " PING").output.find("PONG") == std::string::npos) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("redis-server exited at start");
    }
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("redis-server did not answer in time");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void RedisServer::kill_hard() {
  if (pid_ <= 0) return;  // never kill(-1)
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string RedisServer::cli(const std::string& args) const {
  return run_command("redis-cli -p " + std::to_string(port_) + " " + args).output;
}

}  // namespace baton::testing
