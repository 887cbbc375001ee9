#include "support/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <stdexcept>

namespace baton::testing {

std::string baton_binary() { return BATON_BINARY; }

ServerProcess::ServerProcess(std::vector<std::string> extra_args,
                             std::vector<std::pair<std::string, std::string>> environment)
    : extra_args_(std::move(extra_args)), environment_(std::move(environment)) {
  std::random_device random;
  data_dir_ = std::filesystem::temp_directory_path() /
              ("baton-it-" + std::to_string(random()) + "-" + std::to_string(random()));
  start();
}

ServerProcess::~ServerProcess() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

void ServerProcess::start() {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args{baton_binary(),     "serve",       "--listen", "127.0.0.1:0", "--data",
                                data_dir_.string(), "--log-level", "warn"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    for (const auto& [name, value] : environment_) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  // Read the banner until the "listening on http://127.0.0.1:PORT" line appears.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  banner_.clear();
  while (banner_.find("listening on http://127.0.0.1:") == std::string::npos ||
         banner_.find('\n', banner_.find("listening on")) == std::string::npos) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("baton did not start in time: " + banner_);
    pollfd waiting{out[0], POLLIN, 0};
    if (poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    const ssize_t got = read(out[0], buffer, sizeof buffer);
    if (got <= 0) throw std::runtime_error("baton exited before listening: " + banner_);
    banner_.append(buffer, static_cast<std::size_t>(got));
  }
  // Further output is not read; a closed pipe just makes later writes fail silently.
  close(out[0]);
  const auto at = banner_.find("listening on http://127.0.0.1:") + std::string("listening on http://127.0.0.1:").size();
  port_ = static_cast<unsigned short>(std::stoi(banner_.substr(at)));
}

void ServerProcess::stop() {
  if (pid_ <= 0) return;
  // Wait for the exit itself (a pidfd becomes readable when the process ends), at most 10 s,
  // then kill it.
  const int exited = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  kill(pid_, SIGTERM);
  if (exited >= 0) {
    pollfd waiting{exited, POLLIN, 0};
    if (poll(&waiting, 1, 10'000) <= 0) kill(pid_, SIGKILL);
    close(exited);
  }
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

ServerProcess::Exit ServerProcess::terminate(std::chrono::milliseconds limit) {
  Exit exit;
  if (pid_ <= 0) return exit;
  const int exited = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  const auto signalled = std::chrono::steady_clock::now();
  kill(pid_, SIGTERM);
  if (exited >= 0) {
    pollfd waiting{exited, POLLIN, 0};
    exit.in_time = poll(&waiting, 1, static_cast<int>(limit.count())) > 0;
    close(exited);
  }
  exit.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - signalled);
  if (!exit.in_time) kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  exit.code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return exit;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;  // never kill(-1): that is every process we may signal
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void ServerProcess::kill_and_restart() {
  kill_hard();
  start();
}

}  // namespace baton::testing
