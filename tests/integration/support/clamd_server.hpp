// A throwaway clamd (Debian's clamav-daemon) for the tests: in the foreground on a UNIX socket
// in its own temporary directory, no TCP, with a database holding only the signatures the test
// gives it (MD5 signatures of whole files; no virus database can be downloaded on a test
// machine). Ready when constructed (it answered PING); stopped when destroyed.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace baton::testing {

struct FileSignature {
  std::string name;   // clamd reports it with ".UNOFFICIAL" appended (not from ClamAV's own databases)
  std::string bytes;  // the whole file that matches
};

class ClamdServer {
 public:
  // Throws std::runtime_error when clamd cannot start or does not answer PING within 30 s.
  explicit ClamdServer(const std::vector<FileSignature>& signatures);
  ~ClamdServer();
  ClamdServer(const ClamdServer&) = delete;
  ClamdServer& operator=(const ClamdServer&) = delete;

  static bool installed();

  // The EICAR anti-virus test file, assembled here so that no file of the repository holds it
  // whole (scanners on developers' machines would flag that file).
  static std::string eicar();

  const std::string& socket_path() const { return socket_path_; }
  std::string log() const;

 private:
  void start();
  void wait_until_ready();
  void stop();

  std::filesystem::path dir_;
  std::string socket_path_;
  pid_t pid_ = -1;
};

// Whether something listens on the UNIX socket at `path` and answers PING with PONG, within
// `timeout_ms`. Blocking; for test fixtures.
bool clamd_answers_ping(const std::string& path, int timeout_ms);

}  // namespace baton::testing
