// The clamd client against a real clamd (tests/integration/support/clamd_server) whose database
// holds only our own signatures, and against sockets that misbehave.
#include "media/virus_scanner.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <cstring>
#include <memory>

#include "media/sample_images.hpp"
#include "support/clamd_server.hpp"
#include "temp_dir.hpp"

namespace baton::media {
namespace {

namespace asio = boost::asio;

constexpr const char* kEicarSignature = "Baton.Test.EICAR";

const std::string& small_png() {
  static const std::string png = samples::png(16, 16);
  return png;
}

// Runs one coroutine of the scanner to completion on a private event loop.
template <class T>
T run(asio::awaitable<T> work) {
  asio::io_context io;
  auto done = asio::co_spawn(io, std::move(work), asio::use_future);
  io.run();
  return done.get();
}

ScanResult scan(const VirusScanner& scanner, const std::string& bytes) { return run(scanner.scan(bytes)); }

class VirusScannerWithClamd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::ClamdServer::installed()) return;
    clamd_ = std::make_unique<testing::ClamdServer>(
        std::vector<testing::FileSignature>{{kEicarSignature, testing::ClamdServer::eicar()}});
  }
  static void TearDownTestSuite() { clamd_.reset(); }

  void SetUp() override {
    if (!clamd_) GTEST_SKIP() << "clamd is not installed (scripts/install-deps.sh: clamav-daemon)";
  }

  static ClamdSettings settings() {
    ClamdSettings settings;
    settings.socket_path = clamd_->socket_path();
    settings.timeout = std::chrono::seconds(20);
    return settings;
  }

  static std::unique_ptr<testing::ClamdServer> clamd_;
};

std::unique_ptr<testing::ClamdServer> VirusScannerWithClamd::clamd_;

TEST_F(VirusScannerWithClamd, EicarIsInfectedWithOurSignature) {
  const VirusScanner scanner(settings());
  const auto result = scan(scanner, testing::ClamdServer::eicar());
  EXPECT_EQ(result.outcome, ScanOutcome::infected) << result.reason;
  EXPECT_EQ(result.signature.rfind(kEicarSignature, 0), 0u) << result.signature;
}

TEST_F(VirusScannerWithClamd, EicarSentInTinyChunksIsStillFound) {
  auto tiny_chunks = settings();
  tiny_chunks.chunk_bytes = 7;
  const VirusScanner scanner(tiny_chunks);
  EXPECT_EQ(scan(scanner, testing::ClamdServer::eicar()).outcome, ScanOutcome::infected);
}

TEST_F(VirusScannerWithClamd, PngIsClean) {
  const VirusScanner scanner(settings());
  const auto result = scan(scanner, small_png());
  EXPECT_EQ(result.outcome, ScanOutcome::clean) << result.reason;
}

TEST_F(VirusScannerWithClamd, ManyChunksOfCleanBytesAreClean) {
  const VirusScanner scanner(settings());
  const auto result = scan(scanner, std::string(3'000'000, 'a'));
  EXPECT_EQ(result.outcome, ScanOutcome::clean) << result.reason;
}

TEST_F(VirusScannerWithClamd, AnswersPing) {
  const VirusScanner scanner(settings());
  EXPECT_TRUE(run(scanner.ping()));
}

TEST_F(VirusScannerWithClamd, StreamOverClamdsOwnLimitIsAnError) {
  auto unlimited = settings();
  unlimited.max_stream_bytes = 40'000'000;  // more than the 30M this clamd takes
  const VirusScanner scanner(unlimited);
  const auto result = scan(scanner, std::string(31 * 1024 * 1024 + 1, 'a'));
  EXPECT_EQ(result.outcome, ScanOutcome::error);
  EXPECT_FALSE(result.reason.empty());
}

TEST(VirusScanner, NoDaemonIsAnErrorNamingTheSocket) {
  testing::TempDir dir;
  ClamdSettings settings;
  settings.socket_path = (dir.path() / "nobody.sock").string();
  const VirusScanner scanner(settings);
  const auto result = scan(scanner, small_png());
  EXPECT_EQ(result.outcome, ScanOutcome::error);
  EXPECT_NE(result.reason.find("cannot reach clamd at " + settings.socket_path), std::string::npos) << result.reason;
  EXPECT_FALSE(run(scanner.ping()));
}

// A socket that accepts connections (the kernel's backlog does) and never answers.
class SilentSocket {
 public:
  explicit SilentSocket(const std::string& path) : fd_(socket(AF_UNIX, SOCK_STREAM, 0)) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 || listen(fd_, 4) != 0)
      throw std::runtime_error("cannot listen on " + path);
  }
  ~SilentSocket() { close(fd_); }
  SilentSocket(const SilentSocket&) = delete;
  SilentSocket& operator=(const SilentSocket&) = delete;

 private:
  int fd_;
};

TEST(VirusScanner, SilentDaemonTimesOutWithinItsDeadline) {
  const std::string path = "/tmp/baton-silent-" + std::to_string(getpid()) + ".sock";
  unlink(path.c_str());
  const SilentSocket silent(path);
  ClamdSettings settings;
  settings.socket_path = path;
  settings.timeout = std::chrono::milliseconds(300);
  const VirusScanner scanner(settings);
  const auto started = std::chrono::steady_clock::now();
  const auto result = scan(scanner, small_png());
  const auto took = std::chrono::steady_clock::now() - started;
  unlink(path.c_str());
  EXPECT_EQ(result.outcome, ScanOutcome::error);
  EXPECT_NE(result.reason.find("did not answer within 300 ms"), std::string::npos) << result.reason;
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(VirusScanner, FileOverTheStreamLimitIsRefusedWithoutACall) {
  ClamdSettings settings;
  settings.socket_path = "/nonexistent/clamd.sock";
  settings.max_stream_bytes = 10;
  const VirusScanner scanner(settings);
  const auto result = scan(scanner, std::string(11, 'a'));
  EXPECT_EQ(result.outcome, ScanOutcome::error);
  EXPECT_NE(result.reason.find("too large to scan"), std::string::npos) << result.reason;
}

}  // namespace
}  // namespace baton::media
