// The `baton` command line: admin create, version, bad configuration.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "support/api_client.hpp"
#include "support/command.hpp"
#include "support/server_process.hpp"
#include "temp_dir.hpp"

namespace baton::testing {
namespace {

Run run(const std::string& arguments) { return run_baton(arguments); }

TEST(Cli, AdminCreateMakesAUserOnceAndRefusesADuplicate) {
  TempDir dir;
  auto first = run("admin create --data " + dir.path().string() + " --email boss@shop.test --password 'long enough'");
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("created admin boss@shop.test"), std::string::npos);
  auto again = run("admin create --data " + dir.path().string() + " --email boss@shop.test --password 'long enough'");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.output.find("already exists"), std::string::npos) << again.output;
}

TEST(Cli, AdminCreateRejectsBadInput) {
  TempDir dir;
  auto short_password = run("admin create --data " + dir.path().string() + " --email a@b.c --password x");
  EXPECT_NE(short_password.exit_code, 0);
  EXPECT_NE(short_password.output.find("password"), std::string::npos);
  auto bad_role = run("admin create --data " + dir.path().string() + " --email a@b.c --password 12345678 --role king");
  EXPECT_NE(bad_role.exit_code, 0);
}

TEST(Cli, AdminSetPasswordReplacesAForgottenPassword) {
  TempDir dir;
  const std::string data = " --data " + dir.path().string();
  ASSERT_EQ(run("admin create" + data + " --email boss@shop.test --password 'long enough'").exit_code, 0);
  auto weak = run("admin set-password" + data + " --email boss@shop.test --password password1234");
  EXPECT_NE(weak.exit_code, 0);
  auto unknown = run("admin set-password" + data + " --email nobody@shop.test --password 'lantern-river-93'");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.output.find("no user"), std::string::npos) << unknown.output;
  auto changed = run("admin set-password" + data + " --email Boss@Shop.test --password 'lantern-river-93'");
  EXPECT_EQ(changed.exit_code, 0) << changed.output;

  // A server on that database: its own data folder, with the CLI's database put in its place.
  ServerProcess server;
  server.stop();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string name = std::string("baton.db") + suffix;
    std::filesystem::remove(server.data_dir() / name);
    if (std::filesystem::exists(dir.path() / name)) {
      std::filesystem::copy_file(dir.path() / name, server.data_dir() / name);
    }
  }
  server.kill_and_restart();
  HttpClient http(server.port());
  EXPECT_EQ(http.post("/api/v1/auth/login", {{"email", "boss@shop.test"}, {"password", "long enough"}}).status, 401);
  EXPECT_EQ(http.post("/api/v1/auth/login", {{"email", "boss@shop.test"}, {"password", "lantern-river-93"}}).status,
            200);
}

TEST(Cli, VersionAndHelpExplainThemselves) {
  auto version = run("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("baton "), std::string::npos);
  auto help = run("serve --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("BATON_LISTEN"), std::string::npos);
}

TEST(Cli, BadConfigurationFailsWithOneClearLine) {
  TempDir dir;
  auto bad_listen = run("serve --data " + dir.path().string() + " --listen nowhere");
  EXPECT_NE(bad_listen.exit_code, 0);
  EXPECT_NE(bad_listen.output.find("--listen"), std::string::npos) << bad_listen.output;
  auto bad_env = run("serve --data " + dir.path().string() + " --io-threads -3");
  EXPECT_NE(bad_env.exit_code, 0);
  auto unwritable = run("serve --data /proc/baton-cannot-write-here --listen 127.0.0.1:0");
  EXPECT_NE(unwritable.exit_code, 0);
  EXPECT_NE(unwritable.output.find("baton:"), std::string::npos) << unwritable.output;
}

TEST(Cli, EveryOptionAlsoReadsTheEnvironment) {
  TempDir dir;
  setenv("BATON_LISTEN", "not-an-address", 1);
  auto result = run("serve --data " + dir.path().string());
  unsetenv("BATON_LISTEN");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("not-an-address"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace baton::testing
