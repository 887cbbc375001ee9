#include "support/smtp_sink.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace baton::testing {
namespace {

const char* kPython = "/usr/bin/python3";  // Debian's, where python3-aiosmtpd is installed

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

bool SmtpSink::installed() { return std::filesystem::exists("/usr/lib/python3/dist-packages/aiosmtpd"); }

SmtpSink::SmtpSink(const std::string& script) {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() / ("baton-smtp-" + std::to_string(random()));
  std::filesystem::create_directories(dir_);
  const auto out = (dir_ / "stdout").string();
  std::vector<std::string> args{kPython, script, dir_.string()};
  pid_ = fork();
  if (pid_ == 0) {
    std::freopen(out.c_str(), "w", stdout);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork failed");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    const auto said = read_file(out);
    if (said.starts_with("listening ") && said.find('\n') != std::string::npos) {
      port_ = std::stoi(said.substr(10));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the SMTP sink exited at start (is python3-aiosmtpd installed?)");
    }
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("the SMTP sink did not start in time");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

SmtpSink::~SmtpSink() {
  if (pid_ > 0) {  // never kill(-1)
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void SmtpSink::answer_next(const std::string& reply) {
  std::ofstream(dir_ / "replies", std::ios::app) << reply << "\n";
}

std::vector<boost::json::object> SmtpSink::messages() const {
  std::vector<boost::json::object> found;
  for (int i = 1;; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "%04d.json", i);
    const auto path = dir_ / name;
    if (!std::filesystem::exists(path)) break;
    found.push_back(boost::json::parse(read_file(path)).as_object());
  }
  return found;
}

std::string SmtpSink::raw(std::size_t index) const {
  char name[16];
  std::snprintf(name, sizeof name, "%04zu.eml", index + 1);
  return read_file(dir_ / name);
}

std::vector<boost::json::object> SmtpSink::wait_for(std::size_t count, std::chrono::milliseconds limit) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto found = messages();
    if (found.size() >= count || std::chrono::steady_clock::now() > deadline) return found;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace baton::testing
