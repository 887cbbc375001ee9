// A client of clamd (ClamAV's daemon) on its UNIX socket: hands it a file's bytes through the
// INSTREAM command and reads its verdict. Asynchronous (asio::awaitable) with one deadline for
// the whole exchange, so a stalled clamd costs a bounded wait and never a thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "media/scan_result.hpp"

namespace baton::media {

struct ClamdSettings {
  std::string socket_path;                    // clamd.conf's LocalSocket
  std::chrono::milliseconds timeout{30'000};  // connect, send, scan and reply, all together
  std::size_t chunk_bytes = 64 * 1024;        // each INSTREAM chunk
  // clamd refuses a stream longer than its StreamMaxLength (25 MiB unless configured) and
  // closes the connection; files longer than this are refused here instead, without a call.
  std::size_t max_stream_bytes = 25'000'000;
};

class VirusScanner {
 public:
  explicit VirusScanner(ClamdSettings settings);

  // Scans `bytes`, which must stay alive until the scan completes (co_await it at once).
  // Never throws: an unreachable, slow or confused clamd is a ScanResult with outcome error.
  boost::asio::awaitable<ScanResult> scan(std::string_view bytes) const;

  // Whether clamd answers PING with PONG within the timeout (for readiness checks).
  boost::asio::awaitable<bool> ping() const;

  const ClamdSettings& settings() const { return settings_; }

 private:
  ClamdSettings settings_;
};

}  // namespace baton::media
