#include "support/clamd_server.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace baton::testing {

namespace {

const char* kProgram = "/usr/sbin/clamd";

std::string md5_hex(const std::string& bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_md5(), nullptr) != 1)
    throw std::runtime_error("MD5 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// One blocking exchange on a UNIX socket, every wait bounded by what is left of `timeout_ms`.
bool exchange_ping(int fd, const std::string& path, int timeout_ms) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof(address.sun_path)) return false;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) return false;
  const char command[] = "zPING";  // with its NUL
  if (send(fd, command, sizeof(command), MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof(command))) return false;
  std::string reply;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (reply.size() < 64) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd readable{fd, POLLIN, 0};
    if (poll(&readable, 1, static_cast<int>(left)) <= 0) return false;
    std::array<char, 64> piece{};
    const ssize_t got = recv(fd, piece.data(), piece.size(), 0);
    if (got <= 0) break;
    reply.append(piece.data(), static_cast<std::size_t>(got));
    if (reply.find('\0') != std::string::npos) break;
  }
  return reply.rfind("PONG", 0) == 0;
}

}  // namespace

bool clamd_answers_ping(const std::string& path, int timeout_ms) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const bool answered = exchange_ping(fd, path, timeout_ms);
  close(fd);
  return answered;
}

bool ClamdServer::installed() { return std::filesystem::exists(kProgram); }

std::string ClamdServer::eicar() {
  // Two halves, so that the test string appears whole only in memory.
  const std::string first = std::string("X5O!P%@AP[4\\PZX54(P^)7CC)7}$") + "EICAR-STANDARD-";
  const std::string second = std::string("ANTIVIRUS-TEST-") + "FILE!$H+H*";
  return first + second;
}

ClamdServer::ClamdServer(const std::vector<FileSignature>& signatures) {
  std::random_device random;
  // /tmp, not a long TMPDIR: a UNIX socket's path is limited to 107 bytes.
  dir_ = std::filesystem::path("/tmp") / ("baton-clamd-" + std::to_string(random()));
  std::filesystem::create_directories(dir_ / "db");
  socket_path_ = (dir_ / "clamd.sock").string();
  std::ostringstream database;
  for (const auto& signature : signatures)
    database << md5_hex(signature.bytes) << ':' << signature.bytes.size() << ':' << signature.name << '\n';
  write_file(dir_ / "db" / "baton-test.hdb", database.str());
  write_file(dir_ / "clamd.conf",
             "Foreground yes\n"
             "LocalSocket " +
                 socket_path_ +
                 "\n"
                 "DatabaseDirectory " +
                 (dir_ / "db").string() +
                 "\n"
                 "TemporaryDirectory " +
                 dir_.string() +
                 "\n"
                 "StreamMaxLength 30M\n"
                 "MaxThreads 2\n");
  start();
  try {
    wait_until_ready();
  } catch (...) {
    stop();
    throw;
  }
}

ClamdServer::~ClamdServer() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void ClamdServer::start() {
  const std::string config = (dir_ / "clamd.conf").string();
  const std::string output = (dir_ / "clamd.out").string();
  pid_ = fork();
  if (pid_ == 0) {
    // clamd in the foreground also prints its log: to a file, not over the test's output.
    const int fd = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    execl(kProgram, kProgram, "--config-file", config.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork failed");
}

// Ready when it answers PING on its socket: clamd creates the socket only after loading its
// database, and a polled probe needs no guess of how long that takes.
void ClamdServer::wait_until_ready() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!clamd_answers_ping(socket_path_, 1000)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("clamd exited at start: " + log());
    }
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("clamd did not answer PING in time");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void ClamdServer::stop() {
  if (pid_ <= 0) return;  // never kill(-1)
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
}

std::string ClamdServer::log() const {
  std::ifstream in(dir_ / "clamd.out");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str().substr(0, 4000);
}

}  // namespace baton::testing
