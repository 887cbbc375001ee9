// What the benches measure with: a process's resident memory, the kernel's TCP memory,
// percentiles, and a bounded wait for a condition on the bench's own thread.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace baton::bench {

inline long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

// The pages of memory the kernel holds for TCP sockets, all processes ("TCP: ... mem N").
inline long tcp_memory_pages() {
  std::ifstream sockstat("/proc/net/sockstat");
  std::string line;
  while (std::getline(sockstat, line)) {
    if (line.rfind("TCP:", 0) != 0) continue;
    std::istringstream fields(line.substr(4));
    std::string name;
    long value = 0;
    while (fields >> name >> value) {
      if (name == "mem") return value;
    }
  }
  return 0;
}

// The kernel memory charged to this process's memory cgroup (slabs of sockets, files, epoll
// entries, socket buffers), in bytes; cgroup v1's kmem counter, or v2's "kernel" line. The
// kernel's TCP buffer pages (/proc/net/sockstat) where neither can be read.
inline long kernel_memory_bytes() {
  std::ifstream cgroups("/proc/self/cgroup");
  std::string line;
  while (std::getline(cgroups, line)) {
    if (auto at = line.find(":memory:"); at != std::string::npos) {
      std::ifstream usage("/sys/fs/cgroup/memory" + line.substr(at + 8) + "/memory.kmem.usage_in_bytes");
      long bytes = -1;
      if (usage >> bytes) return bytes;
    } else if (line.rfind("0::", 0) == 0) {
      std::ifstream stat("/sys/fs/cgroup" + line.substr(3) + "/memory.stat");
      std::string name;
      long bytes = 0;
      while (stat >> name >> bytes) {
        if (name == "kernel") return bytes;
      }
    }
  }
  return tcp_memory_pages() * 4096;
}

// A phase's start or end on the monotonic clock, on stderr: for `perf record -k CLOCK_MONOTONIC`
// and `perf report --time` (docs/benchmarks.md says how).
inline void mark_phase(const char* phase) {
  std::cerr << "bench phase " << phase << " at "
            << std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count() << "\n";
}

inline double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  return samples[std::min(samples.size() - 1, static_cast<std::size_t>(p * samples.size()))];
}

// Polls every 2 ms until `done()` or `limit`; false when the limit came first.
template <class Condition>
boost::asio::awaitable<bool> wait_until(Condition done, std::chrono::milliseconds limit) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) co_return false;
    timer.expires_after(std::chrono::milliseconds(2));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
  co_return true;
}

}  // namespace baton::bench
