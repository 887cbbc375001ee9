#include "support/metrics/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace baton::metrics {
namespace {

struct Stat {
  double cpu_seconds = 0;
  double start_seconds_after_boot = 0;
  double virtual_bytes = 0;
  double resident_bytes = 0;
};

// /proc/self/stat: the fields after the command name (which may hold spaces, so we start after
// its closing parenthesis). utime is field 14, stime 15, starttime 22, vsize 23, rss 24.
std::optional<Stat> read_stat() {
  std::ifstream file("/proc/self/stat");
  std::string line;
  if (!std::getline(file, line)) return std::nullopt;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(close + 2));
  std::vector<std::string> fields;  // fields[0] is field 3 (state)
  for (std::string field; rest >> field;) fields.push_back(field);
  if (fields.size() < 22) return std::nullopt;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  Stat stat;
  stat.cpu_seconds = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
  stat.start_seconds_after_boot = std::stod(fields[19]) / ticks;
  stat.virtual_bytes = std::stod(fields[20]);
  stat.resident_bytes = std::stod(fields[21]) * page;
  return stat;
}

std::optional<double> boot_time() {
  std::ifstream file("/proc/stat");
  for (std::string line; std::getline(file, line);) {
    if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
  }
  return std::nullopt;
}

double open_descriptors() {
  std::error_code error;
  double count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end; it.increment(error)) {
    ++count;
  }
  return count;
}

void one(TextWriter& out, std::string_view name, std::string_view help, Kind kind, double value) {
  out.header(name, help, kind);
  out.sample(name, {}, value);
}

}  // namespace

void ProcessMetrics::collect(TextWriter& out) const {
  const auto stat = read_stat();
  if (stat) {
    one(out, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", Kind::counter,
        stat->cpu_seconds);
    one(out, "process_resident_memory_bytes", "Resident memory size in bytes.", Kind::gauge, stat->resident_bytes);
    one(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.", Kind::gauge, stat->virtual_bytes);
    if (const auto boot = boot_time()) {
      one(out, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", Kind::gauge,
          *boot + stat->start_seconds_after_boot);
    }
  }
  one(out, "process_open_fds", "Number of open file descriptors.", Kind::gauge, open_descriptors());
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    one(out, "process_max_fds", "Maximum number of open file descriptors.", Kind::gauge,
        static_cast<double>(limit.rlim_cur));
  }
}

}  // namespace baton::metrics
