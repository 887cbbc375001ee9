#include "support/postgres_server.hpp"

#include <unistd.h>

#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>

#include "store/postgres/connection.hpp"
#include "support/command.hpp"

namespace baton::testing {
namespace {

const std::filesystem::path kServerPrograms = "/usr/lib/postgresql/15/bin";

std::string quoted(const std::string& text) { return "'" + text + "'"; }

}  // namespace

bool PostgresServer::installed() {
  return std::filesystem::exists(kServerPrograms / "initdb") && std::filesystem::exists(kServerPrograms / "pg_ctl");
}

std::string PostgresServer::server_command(const std::string& name) const {
  const std::string program = (kServerPrograms / name).string();
  return ::geteuid() == 0 ? "runuser -u postgres -- " + program : program;
}

PostgresServer::PostgresServer(bool durable) {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() / ("baton-pg-" + std::to_string(random()));
  std::filesystem::create_directories(dir_);
  if (::geteuid() == 0) {
    const auto owned = run_command("chown postgres:postgres " + quoted(dir_.string()));
    if (owned.exit_code != 0) throw std::runtime_error("chown for postgres failed: " + owned.output);
  }
  const auto data = (dir_ / "data").string();
  const auto created = run_command(server_command("initdb") + " -D " + quoted(data) +
                                   " -U baton --auth=trust --encoding=UTF8 --no-locale --no-sync");
  if (created.exit_code != 0) throw std::runtime_error("initdb failed: " + created.output);
  port_ = free_port();
  const std::string options = "-p " + std::to_string(port_) + " -k " + dir_.string() +
                              " -c listen_addresses=127.0.0.1 -c max_connections=200" +
                              (durable ? "" : " -c fsync=off -c full_page_writes=off");
  const auto started =
      run_command(server_command("pg_ctl") + " -D " + quoted(data) + " -l " + quoted((dir_ / "server.log").string()) +
                  " -w -t 60 -o " + quoted(options) + " start");
  if (started.exit_code != 0) throw std::runtime_error("pg_ctl start failed: " + started.output);
}

PostgresServer::~PostgresServer() {
  run_command(server_command("pg_ctl") + " -D " + quoted((dir_ / "data").string()) + " -m immediate -w stop");
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string PostgresServer::url(const std::string& database) const {
  return "postgresql://baton@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::create_database(const std::string& prefix) {
  const std::string name = prefix + "_" + std::to_string(++next_database_);
  store::postgres::Connection admin(url("postgres"));
  admin.exec("CREATE DATABASE " + name);
  return url(name);
}

PostgresServer& shared_postgres() {
  static std::once_flag started;
  static std::unique_ptr<PostgresServer> server;
  std::call_once(started, [] { server = std::make_unique<PostgresServer>(); });
  return *server;
}

}  // namespace baton::testing
