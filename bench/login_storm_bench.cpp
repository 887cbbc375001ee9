#include "login_storm_bench.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "support/api_client.hpp"
#include "support/server_process.hpp"

namespace baton::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Back-to-back requests for at least `samples` requests and `span`, so the storm is measured
// across many hashes, not a lucky gap between two.
std::vector<double> time_widget_config(const testing::HttpClient& http, int samples,
                                       std::chrono::milliseconds span = std::chrono::milliseconds(0)) {
  std::vector<double> latencies;
  const auto until = Clock::now() + span;
  for (int i = 0; i < samples || Clock::now() < until; ++i) {
    const auto start = Clock::now();
    http.get("/api/v1/widget/assistants/asst_demo/config");
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(latencies.begin(), latencies.end());
  return latencies;
}

double at(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
}

}  // namespace

LoginStormFigures measure_login_storm(int storming_clients, int samples) {
  testing::ServerProcess server({"--demo"});
  testing::HttpClient http(server.port());
  LoginStormFigures figures;
  time_widget_config(http, 20);  // warm up
  const auto idle = time_widget_config(http, samples, std::chrono::seconds(3));
  figures.idle_p50_ms = at(idle, 0.50);
  figures.idle_p99_ms = at(idle, 0.99);

  std::atomic<bool> storming{true};
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < storming_clients; ++i) {
    clients.emplace_back([&] {
      testing::HttpClient client(server.port());
      const std::string body = R"({"email":"admin@demo.baton","password":"baton-demo"})";
      while (storming) {
        client.request("POST", "/api/v1/auth/login", body);
        ++answered;
      }
    });
  }
  // Let the storm fill the hashing queue before timing.
  while (answered < storming_clients) std::this_thread::yield();
  const auto storm = time_widget_config(http, samples, std::chrono::seconds(3));
  figures.logins_answered = answered;
  storming = false;
  for (auto& client : clients) client.join();
  figures.storm_p50_ms = at(storm, 0.50);
  figures.storm_p99_ms = at(storm, 0.99);
  return figures;
}

}  // namespace baton::bench
