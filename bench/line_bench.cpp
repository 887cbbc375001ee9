#include "line_bench.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "measures.hpp"
#include "support/api_client.hpp"
#include "support/fake_line.hpp"
#include "support/server_process.hpp"

namespace baton::bench {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kSecret = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
constexpr const char* kToken = "BenchChannelAccessToken0123456789abcdefghijklmnop=";

}  // namespace

LineFigures measure_line_replies(int users, int messages_per_user) {
  testing::FakeLine line(kSecret, kToken);
  testing::ServerProcess server({"--demo", "--customer-burst", "1000000", "--customer-rate", "1000000",
                                 "--line-api-base", line.api_base(), "--line-data-api-base", line.api_base()});
  testing::HttpClient http(server.port());
  const auto login = http.post("/api/v1/auth/login", {{"email", "admin@demo.baton"}, {"password", "baton-demo"}});
  const std::string admin(login.json().at("token").as_string());
  http.request("PUT", "/api/v1/assistants/asst_demo/channels/line",
               json::serialize(json::object{{"channel_secret", kSecret}, {"channel_access_token", kToken}}), admin);

  // The floor: one plain exchange with the fake (a push it accepts), made the same way.
  testing::HttpClient fake(line.port());
  std::vector<double> floor;
  for (int i = 0; i < 200; ++i) {
    const auto body =
        json::serialize(json::object{{"to", testing::line_user_id(9000 + i)},
                                     {"messages", json::array{json::object{{"type", "text"}, {"text", "x"}}}}});
    char key[40];
    std::snprintf(key, sizeof key, "00000000-0000-4000-8000-%012d", i);
    const auto start = Clock::now();
    fake.request("POST", "/v2/bot/message/push", body, kToken, {{"X-Line-Retry-Key", key}});
    floor.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }

  // Each user writes, waits for the answer, writes again (a reply token answers one message).
  std::mutex mutex;
  std::vector<double> latencies;
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int u = 0; u < users; ++u) {
    threads.emplace_back([&, u] {
      const auto user = testing::line_user_id(u);
      for (int m = 0; m < messages_per_user; ++m) {
        // A question the demo knowledge answers word for word: one the AI falls back on twice
        // hands the conversation to a person, and nothing more is answered by Reply.
        const auto event = line.text_event(user, "付款後多久出貨？多久會收到？");
        const std::string token(event.at("replyToken").as_string());
        const auto body = line.webhook_body({event});
        const auto sent = Clock::now();
        http.request("POST", "/webhooks/line/asst_demo", body, {}, {{"X-Line-Signature", line.sign(body)}});
        Clock::time_point answered{};
        const bool got = line.wait_for(
            [&](const std::vector<testing::LineCall>& calls) {
              for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
                if (it->status == 200 && it->body.is_object() && it->body.as_object().contains("replyToken") &&
                    it->body.at("replyToken") == token.c_str()) {
                  answered = it->received_at;
                  return true;
                }
              }
              return false;
            },
            std::chrono::seconds(20));
        if (!got) return;
        std::lock_guard lock(mutex);
        latencies.push_back(std::chrono::duration<double, std::milli>(answered - sent).count());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  LineFigures figures;
  figures.users = users;
  figures.expected = users * messages_per_user;
  figures.answered = static_cast<int>(latencies.size());
  figures.answers_per_s = figures.answered / seconds;
  figures.p50_ms = percentile(latencies, 0.5);
  figures.p99_ms = percentile(latencies, 0.99);
  figures.baseline_ms = percentile(floor, 0.5);
  return figures;
}

}  // namespace baton::bench
