// docs/openapi.yaml describes every route the server registers, and both sockets.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "support/server_process.hpp"
#include "temp_dir.hpp"

namespace baton::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The block of `path` in the spec: from its "  /path:" line to the next path at that indent.
std::string path_block(const std::string& spec, const std::string& path) {
  const auto start = spec.find("\n  " + path + ":\n");
  if (start == std::string::npos) return {};
  auto end = start + 1;
  for (;;) {
    end = spec.find("\n  /", end + 1);
    if (end == std::string::npos || spec.compare(end + 3, 1, "/") != 0) break;
    break;
  }
  return spec.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST(OpenApi, DescribesEveryRegisteredRoute) {
  TempDir dir;
  const std::string command = baton_binary() + " routes --data " + dir.path().string() + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  ASSERT_EQ(pclose(pipe), 0);
  const std::string spec = read_file(std::string(BATON_SOURCE_DIR) + "/docs/openapi.yaml");
  ASSERT_FALSE(spec.empty());
  std::istringstream routes(output);
  std::string method, path, audience;
  int checked = 0;
  const std::set<std::string> audiences{"anyone", "widget", "visitor", "console", "admin"};
  while (routes >> method >> path >> audience) {
    EXPECT_TRUE(audiences.contains(audience)) << method << " " << path << " has no known audience: " << audience;
    const auto block = path_block(spec, path);
    EXPECT_FALSE(block.empty()) << path << " is not in docs/openapi.yaml";
    EXPECT_NE(block.find("\n    " + lower(method) + ":"), std::string::npos)
        << method << " " << path << " is not in docs/openapi.yaml";
    ++checked;
  }
  EXPECT_GT(checked, 20);
  EXPECT_FALSE(path_block(spec, "/api/v1/agent/ws").empty());
  EXPECT_FALSE(path_block(spec, "/api/v1/widget/ws").empty());
}

}  // namespace
}  // namespace baton::testing
