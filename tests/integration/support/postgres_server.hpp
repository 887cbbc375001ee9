// A throwaway PostgreSQL server for the tests: its own data directory under the temp folder, a
// free port on 127.0.0.1, fsync off (a test survives a killed process, never a power loss), and
// stopped when destroyed. PostgreSQL refuses to run as root, so under root it runs as the
// `postgres` user that Debian's package creates.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>

namespace baton::testing {

class PostgresServer {
 public:
  // Throws std::runtime_error with what initdb or pg_ctl printed when it cannot start.
  // `durable`: fsync on, as a real deployment (benchmarks); tests leave it off.
  explicit PostgresServer(bool durable = false);
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Whether PostgreSQL's server programs are installed (scripts/install-deps.sh installs them).
  static bool installed();

  // A new, empty database named `<prefix>_<n>`, and its connection URL.
  std::string create_database(const std::string& prefix);
  std::string url(const std::string& database) const;
  int port() const { return port_; }
  // The server's log (what `log_statement` writes, for a test that checks the SQL sent).
  std::filesystem::path log_file() const { return dir_ / "server.log"; }

 private:
  // The server program `name` (initdb, pg_ctl), run as the server's user.
  std::string server_command(const std::string& name) const;

  std::filesystem::path dir_;
  int port_ = 0;
  std::atomic<int> next_database_ = 0;
};

// One server for the whole test process, started on first use.
PostgresServer& shared_postgres();

}  // namespace baton::testing
