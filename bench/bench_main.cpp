// `make bench`: Baton under load on loopback, each figure beside a baseline measured in the
// same run. Bounded: fixed message counts and deadlines; everything stops by itself.
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <unordered_map>

#include "baselines.hpp"
#include "line_bench.hpp"
#include "load_client.hpp"
#include "login_storm_bench.hpp"
#include "measures.hpp"
#include "postgres_bench.hpp"
#include "support/postgres_server.hpp"
#include "support/redis_server.hpp"
#include "support/server_process.hpp"
#include "widget_sockets_bench.hpp"

namespace baton::bench {
namespace json = boost::json;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kConnections = 64;  // concurrent customers posting
constexpr int kMessagesPerConnection = 250;
constexpr int kPacedRate = 2000;                              // messages per second for the latency run
constexpr int kFastPacedRate = 10000;                         // and for the second one (SQLite only)
constexpr double kPacedSeconds = 4;                           // how long each runs
constexpr auto kHandoffEvery = std::chrono::milliseconds(5);  // handoffs posted while the throughput row runs
constexpr int kHandoffs = 200;
constexpr int kLineUsers = 32;
constexpr int kLineMessagesPerUser = 20;
constexpr int kStormingClients = 16;
// The machines this runs on cap a process at 20,000 open files (hard limit, not raisable without
// CAP_SYS_RESOURCE); the server needs a few for itself, the client likewise.
constexpr int kIdleSockets = 19500;
constexpr std::string_view kMetricsToken = "bench-metrics";  // the bench reads the store's group commits

void raise_open_file_limit() {
  const rlimit wanted{1 << 20, 1 << 20};
  if (setrlimit(RLIMIT_NOFILE, &wanted) == 0) return;
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

// Everything the runs share: the server, an admin token, a live agent socket and its events.
class Bench {
 public:
  // `hold_idle_sockets`: also the idle-socket run (the PostgreSQL bench leaves it out: it
  // measures the store).
  // `customer_ports`: the nodes customers write to, connection by connection (several nodes:
  // the agent's socket is on `server`, so most messages cross to it through Redis); none:
  // `server` alone. Handoffs go to the last of them.
  explicit Bench(testing::ServerProcess& server, bool hold_idle_sockets = true, int paced_rate = kPacedRate,
                 std::vector<unsigned short> customer_ports = {})
      : server_(server),
        hold_idle_sockets_(hold_idle_sockets),
        paced_rate_(paced_rate),
        // The SQLite run also measures at 10,000/s (the PostgreSQL runs measure their own rate).
        fast_paced_rate_(hold_idle_sockets ? kFastPacedRate : 0),
        customer_ports_(customer_ports.empty() ? std::vector<unsigned short>{server.port()}
                                               : std::move(customer_ports)) {}

  // `sockets_only`: only the widget sockets' rows (`baton-bench sockets`, for profiling them).
  // `messages_only`: only the message path's rows (`baton-bench messages`, likewise).
  asio::awaitable<void> run(bool sockets_only = false, bool messages_only = false) {
    auto executor = co_await asio::this_coro::executor;
    HttpConnection http(executor, server_.port());
    auto login = co_await http.request(http::verb::post, "/api/v1/auth/login",
                                       R"({"email":"admin@demo.baton","password":"baton-demo"})");
    token_ = std::string(json::parse(login.body).at("token").as_string());
    auto assistant = co_await http.request(http::verb::post, "/api/v1/assistants",
                                           R"({"name":"Bench","live_agent_enabled":true})", token_);
    assistant_ = std::string(json::parse(assistant.body).at("id").as_string());
    co_await http.request(http::verb::put, "/api/v1/me/presence", R"({"status":"online"})", token_);
    agent_socket_ = co_await open_socket(executor, server_.port(), "/api/v1/agent/ws", token_);
    asio::co_spawn(executor, read_agent_events(), asio::detached);

    if (!sockets_only) {
      co_await throughput();
      co_await paced_latency(paced_rate_, "paced");
      if (fast_paced_rate_) co_await paced_latency(fast_paced_rate_, "fast_paced");
      co_await handoff_latency();
    }
    if (hold_idle_sockets_ && !messages_only) co_await idle_sockets();
    beast::error_code ignored;
    beast::get_lowest_layer(*agent_socket_).socket().close(ignored);
  }

  std::map<std::string, double> results;
  WidgetSocketFigures sockets;

 private:
  struct VisitorSession {
    std::string token;
    std::string conversation_id;
  };

  asio::awaitable<void> read_agent_events() {
    beast::flat_buffer buffer;
    for (;;) {
      auto [error, bytes] = co_await agent_socket_->async_read(buffer, asio::as_tuple(asio::use_awaitable));
      if (error) co_return;
      const auto now = Clock::now();
      // A substring scan, not a JSON parse: the load generator must spend as little of the
      // shared cores as it can on reading (the server renders these frames in a fixed shape).
      const std::string frame = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      if (frame.starts_with(R"({"type":"message.created")")) {
        if (frame.find(R"("sender":"customer")") == std::string::npos) continue;
        ++delivered_;
        const auto marker = frame.find(R"("text":"lat:)");
        if (marker != std::string::npos) {
          const auto begin = marker + 8;
          latencies_.push_back(since(sent_at_, frame.substr(begin, frame.find('"', begin) - begin), now));
        }
      } else if (frame.starts_with(R"({"type":"handoff.requested")")) {
        const auto id = frame.find(R"({"id":")");
        const auto begin = id + 7;
        handoffs_.push_back(since(handoff_sent_at_, frame.substr(begin, frame.find('"', begin) - begin), now));
      }
    }
  }

  static double since(std::unordered_map<std::string, Clock::time_point>& sent, const std::string& key,
                      Clock::time_point now) {
    auto found = sent.find(key);
    if (found == sent.end()) return -1;
    return std::chrono::duration<double, std::milli>(now - found->second).count();
  }

  // `count` visitors over kConnections keep-alive connections.
  asio::awaitable<std::vector<VisitorSession>> new_visitors(int count, bool take_over) {
    auto executor = co_await asio::this_coro::executor;
    std::vector<VisitorSession> visitors(static_cast<std::size_t>(count));
    int next = 0, finished = 0;
    for (int c = 0; c < kConnections; ++c) {
      asio::co_spawn(
          executor,
          [&, executor, c]() -> asio::awaitable<void> {
            HttpConnection http(executor, customer_port(c));
            for (int i = next++; i < count; i = next++) {
              auto reply = co_await http.request(http::verb::post,
                                                 "/api/v1/widget/assistants/" + assistant_ + "/sessions", "{}");
              auto body = json::parse(reply.body);
              visitors[i] = {std::string(body.at("visitor_token").as_string()),
                             std::string(body.at("conversation_id").as_string())};
              if (take_over) {
                co_await http.request(http::verb::post,
                                      "/api/v1/conversations/" + visitors[i].conversation_id + "/takeover", "{}",
                                      token_);
              }
            }
            ++finished;
          },
          asio::detached);
    }
    co_await wait_until([&] { return finished == kConnections; }, std::chrono::seconds(120));
    co_return visitors;
  }

  // The store's group commits so far, from /metrics: (commits, jobs, seconds).
  asio::awaitable<std::array<double, 3>> group_commits() {
    HttpConnection http(co_await asio::this_coro::executor, server_.port());
    auto reply = co_await http.request(http::verb::get, "/metrics", "", std::string(kMetricsToken));
    auto value = [&](std::string_view name) {
      const auto at = reply.body.find(std::string("\n") + std::string(name) + " ");
      return at == std::string::npos ? 0.0 : std::stod(reply.body.substr(at + name.size() + 2));
    };
    co_return std::array<double, 3>{value("baton_store_commit_batch_size_count"),
                                    value("baton_store_commit_batch_size_sum"),
                                    value("baton_store_commit_seconds_sum")};
  }

  // Closed loop: kConnections customers post as fast as acknowledgements come back.
  asio::awaitable<void> throughput() {
    auto executor = co_await asio::this_coro::executor;
    auto visitors = co_await new_visitors(kConnections, true);  // live: the AI stays out of the way
    auto handoff_visitors = co_await new_visitors(kHandoffs, false);
    handoffs_.clear();
    handoff_sent_at_.clear();
    const int total = kConnections * kMessagesPerConnection;
    const auto commits_before = co_await group_commits();
    mark_phase("throughput begins");
    delivered_ = 0;
    int acknowledged = 0;
    int senders_done = 0;
    const auto start = Clock::now();
    for (std::size_t v = 0; v < visitors.size(); ++v) {
      asio::co_spawn(
          executor,
          [&, executor, visitor = visitors[v], port = customer_port(static_cast<int>(v))]() -> asio::awaitable<void> {
            HttpConnection http(executor, port);
            for (int i = 0; i < kMessagesPerConnection; ++i) {
              auto reply = co_await http.request(http::verb::post, "/api/v1/widget/messages",
                                                 R"({"text":"throughput message"})", visitor.token);
              acknowledged += reply.status == 201 ? 1 : 0;
            }
            ++senders_done;
          },
          asio::detached);
    }
    // Handoffs while the messages pour in: the popup must not wait behind them.
    bool handoffs_done = false;
    auto busy_handoffs = [&]() -> asio::awaitable<void> {
      HttpConnection http(executor, customer_ports_.back());
      asio::steady_timer pause(executor);
      for (const auto& visitor : handoff_visitors) {
        if (delivered_ >= total) break;
        handoff_sent_at_[visitor.conversation_id] = Clock::now();
        co_await http.request(http::verb::post, "/api/v1/widget/handoff", "{}", visitor.token);
        pause.expires_after(kHandoffEvery);
        co_await pause.async_wait(asio::use_awaitable);
      }
      handoffs_done = true;
    };
    asio::co_spawn(executor, busy_handoffs, asio::detached);
    co_await wait_until([&] { return delivered_ >= total; }, std::chrono::seconds(120));
    const auto delivered_at = Clock::now();
    mark_phase("throughput ends");
    const auto commits_after = co_await group_commits();
    const double commits = commits_after[0] - commits_before[0];
    results["throughput_jobs_per_commit"] = commits > 0 ? (commits_after[1] - commits_before[1]) / commits : 0;
    results["throughput_ms_per_commit"] = commits > 0 ? 1000 * (commits_after[2] - commits_before[2]) / commits : 0;
    co_await wait_until([&] { return handoffs_done; }, std::chrono::seconds(30));
    co_await wait_until([&] { return handoffs_.size() >= handoff_sent_at_.size(); }, std::chrono::seconds(10));
    results["busy_handoffs"] = static_cast<double>(handoffs_.size());
    results["busy_handoff_p50_ms"] = percentile(handoffs_, 0.50);
    results["busy_handoff_p99_ms"] = percentile(handoffs_, 0.99);
    handoffs_.clear();
    handoff_sent_at_.clear();
    // The senders reference this frame: wait for them before leaving it.
    co_await wait_until([&] { return senders_done == kConnections; }, std::chrono::seconds(120));
    const double seconds = std::chrono::duration<double>(delivered_at - start).count();
    results["throughput_msgs_per_s"] = delivered_ / seconds;
    results["throughput_acknowledged"] = acknowledged;
  }

  // Open loop at `rate` for kPacedSeconds: POST time to the agent socket's message.created;
  // the figures under `name`.
  asio::awaitable<void> paced_latency(int rate, std::string name) {
    const int count = static_cast<int>(rate * kPacedSeconds);
    const int first = next_paced_;  // each run's texts are its own
    next_paced_ += count;
    auto executor = co_await asio::this_coro::executor;
    auto visitors = co_await new_visitors(kConnections, true);
    std::vector<std::unique_ptr<HttpConnection>> connections;
    for (int c = 0; c < kConnections; ++c)
      connections.push_back(std::make_unique<HttpConnection>(executor, customer_port(c)));
    std::vector<int> busy(kConnections, 0);
    std::vector<std::vector<int>> backlog(kConnections);
    latencies_.clear();
    const auto start = Clock::now();
    asio::steady_timer pacer(executor);
    for (int i = first; i < first + count; ++i) {
      pacer.expires_at(start + std::chrono::microseconds(static_cast<long>((i - first) * 1e6 / rate)));
      co_await pacer.async_wait(asio::use_awaitable);
      const int c = i % kConnections;
      const std::string text = "lat:" + std::to_string(i);
      sent_at_[text] = Clock::now();
      if (busy[c]) {
        backlog[c].push_back(i);  // the connection is still waiting: queue (counts as latency)
        continue;
      }
      busy[c] = 1;
      asio::co_spawn(
          executor,
          [&, c, i, token = visitors[c].token]() -> asio::awaitable<void> {
            std::vector<int> work{i};
            while (!work.empty()) {
              for (int n : work) {
                co_await connections[c]->request(http::verb::post, "/api/v1/widget/messages",
                                                 R"({"text":"lat:)" + std::to_string(n) + R"("})", token);
              }
              work = std::exchange(backlog[c], {});
            }
            busy[c] = 0;
          },
          asio::detached);
    }
    co_await wait_until([&] { return static_cast<int>(latencies_.size()) >= count; }, std::chrono::seconds(60));
    co_await wait_until([&] { return std::count(busy.begin(), busy.end(), 1) == 0; }, std::chrono::seconds(60));
    results[name + "_p50_ms"] = percentile(latencies_, 0.50);
    results[name + "_p99_ms"] = percentile(latencies_, 0.99);
    results[name + "_received"] = static_cast<double>(latencies_.size());
    results[name + "_sent"] = count;
  }

  asio::awaitable<void> handoff_latency() {
    auto executor = co_await asio::this_coro::executor;
    auto visitors = co_await new_visitors(kHandoffs, false);
    HttpConnection http(executor, customer_ports_.back());
    handoffs_.clear();
    for (const auto& visitor : visitors) {
      handoff_sent_at_[visitor.conversation_id] = Clock::now();
      co_await http.request(http::verb::post, "/api/v1/widget/handoff", "{}", visitor.token);
    }
    co_await wait_until([&] { return static_cast<int>(handoffs_.size()) >= kHandoffs; }, std::chrono::seconds(30));
    results["handoff_p50_ms"] = percentile(handoffs_, 0.50);
    results["handoff_p99_ms"] = percentile(handoffs_, 0.99);
  }

  asio::awaitable<void> idle_sockets() {
    auto sessions = co_await new_visitors(kIdleSockets, false);
    std::vector<WidgetVisitor> visitors;
    for (auto& session : sessions) visitors.push_back({std::move(session.token), std::move(session.conversation_id)});
    sockets = co_await measure_widget_sockets(server_.port(), server_.pid(), token_, std::move(visitors));
  }

  unsigned short customer_port(int connection) const {
    return customer_ports_[static_cast<std::size_t>(connection) % customer_ports_.size()];
  }

  testing::ServerProcess& server_;
  bool hold_idle_sockets_;
  int paced_rate_;       // messages per second in the latency run
  int fast_paced_rate_;  // and in the second one (0: no second one)
  int next_paced_ = 0;
  std::vector<unsigned short> customer_ports_;
  std::string token_;
  std::string assistant_;
  std::unique_ptr<WebSocket> agent_socket_;
  int delivered_ = 0;
  std::vector<double> latencies_;
  std::vector<double> handoffs_;
  std::unordered_map<std::string, Clock::time_point> sent_at_;
  std::unordered_map<std::string, Clock::time_point> handoff_sent_at_;
};

void print_row(const std::string& what, const std::string& figure, const std::string& baseline,
               const std::string& ratio, const std::string& target) {
  std::cout << "| " << what << " | " << figure << " | " << baseline << " | " << ratio << " | " << target << " |\n";
}

std::string fixed(double value, int digits = 1) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
}

void print_message_rows(std::map<std::string, double>& r, double sqlite_rate, double echo_us) {
  print_row("durable customer messages/s delivered to the agent socket (" + std::to_string(kConnections) +
                " concurrent customers; " + fixed(r["throughput_jobs_per_commit"]) + " writes per group commit, " +
                fixed(r["throughput_ms_per_commit"], 2) + " ms each)",
            fixed(r["throughput_msgs_per_s"], 0), fixed(sqlite_rate, 0) + " rows/s raw SQLite group commit",
            fixed(100 * r["throughput_msgs_per_s"] / sqlite_rate) + " %", ">= 15,000/s (about 60 %)");
  print_row("p50 POST → agent message.created at 2,000 msg/s", fixed(r["paced_p50_ms"], 2) + " ms",
            fixed(echo_us / 1000, 3) + " ms WebSocket echo round trip",
            fixed(r["paced_p50_ms"] * 1000 / echo_us) + " ×", "");
  print_row("p99 POST → agent message.created at 2,000 msg/s", fixed(r["paced_p99_ms"], 2) + " ms",
            fixed(echo_us / 1000, 3) + " ms WebSocket echo round trip",
            fixed(r["paced_p99_ms"] * 1000 / echo_us) + " ×", "< 10 ms");
  print_row("p50 / p99 POST → agent message.created at 10,000 msg/s",
            fixed(r["fast_paced_p50_ms"], 2) + " / " + fixed(r["fast_paced_p99_ms"], 2) + " ms",
            fixed(echo_us / 1000, 3) + " ms WebSocket echo round trip",
            fixed(r["fast_paced_p99_ms"] * 1000 / echo_us) + " × (p99)", "p99 <= 5 ms");
  print_row("handoff POST → handoff.requested p50 / p99 while the throughput row runs (" +
                fixed(r["busy_handoffs"], 0) + " handoffs)",
            fixed(r["busy_handoff_p50_ms"], 2) + " / " + fixed(r["busy_handoff_p99_ms"], 2) + " ms",
            fixed(r["handoff_p50_ms"], 2) + " / " + fixed(r["handoff_p99_ms"], 2) + " ms on a quiet server (next row)",
            fixed(r["busy_handoff_p99_ms"] / r["handoff_p99_ms"]) + " × (p99)", "p99 < 2 ms");
  print_row("handoff POST → handoff.requested p50 / p99",
            fixed(r["handoff_p50_ms"], 2) + " / " + fixed(r["handoff_p99_ms"], 2) + " ms",
            fixed(echo_us / 1000, 3) + " ms WebSocket echo round trip",
            fixed(r["handoff_p50_ms"] * 1000 / echo_us) + " × (p50)", "");
}

void print_socket_rows(const WidgetSocketFigures& w) {
  print_row("idle widget sockets held (failed)", fixed(w.opened, 0) + " (" + fixed(w.failed, 0) + ")", "", "",
            ">= 19,500 (the machine's open-file cap)");
  print_row("server RSS with them / per socket",
            fixed(w.server_rss_mib) + " MiB / " + fixed(w.server_kib_per_socket, 2) + " KiB", "", "",
            "<= 8 KiB per socket");
  print_row("kernel memory per connection (both ends, loopback) / whole machine per socket",
            fixed(w.kernel_kib_per_connection, 2) + " KiB / " +
                fixed(w.server_kib_per_socket + w.kernel_kib_per_connection, 2) + " KiB",
            "", "", "");
  print_row("one presence change → every widget socket's frame, p50 / p99 (" + std::to_string(w.presence_rounds) +
                " changes × " + fixed(w.opened, 0) + " sockets; " + std::to_string(w.presence_missed) + " missed)",
            fixed(w.presence_p50_ms, 1) + " / " + fixed(w.presence_p99_ms, 1) + " ms",
            fixed(w.bare_p50_ms, 1) + " / " + fixed(w.bare_p99_ms, 1) +
                " ms the same through a bare Beast server (baton-bench-broadcaster" +
                (w.bare_missed ? ", " + std::to_string(w.bare_missed) + " missed" : std::string()) + ")",
            fixed(w.presence_p99_ms / w.bare_p99_ms, 2) + " × (p99)", "p99 <= 100 ms");
  print_row(
      "all widget sockets dropped at once → each reconnected (backoff from 0.5 s, after_seq) and caught up, "
      "p50 / p99 (" +
          fixed(w.storm_caught_up, 0) + " of " + fixed(w.opened, 0) + " caught up; " +
          std::to_string(w.storm_failed_attempts) + " attempts refused and retried; " +
          std::to_string(w.storm_messages) + " messages missed while down: " + std::to_string(w.storm_missed) +
          " not received, " + std::to_string(w.storm_doubled) + " doubled)",
      fixed(w.storm_p50_ms, 0) + " / " + fixed(w.storm_p99_ms, 0) + " ms", "250–500 ms: the first backoff alone", "",
      "p99 <= 2 s, none missed or doubled");
}

}  // namespace
}  // namespace baton::bench

namespace baton::bench {
namespace {

// Runs the load against `server` (customers spread over `customer_ports`) and answers its figures.
std::map<std::string, double> load_node(testing::ServerProcess& server, int paced_rate,
                                        std::vector<unsigned short> customer_ports = {}) {
  asio::io_context io;
  Bench bench(server, false, paced_rate, std::move(customer_ports));
  asio::co_spawn(io, bench.run(), [](std::exception_ptr error) {
    if (error) std::rethrow_exception(error);
  });
  io.run();
  return bench.results;
}

// `baton-bench postgres`: one node, then two nodes with Redis, on PostgreSQL (fsync on), beside
// the raw append rate of the same server in the same run.
int bench_postgres(const std::string& writers) {
  raise_open_file_limit();
  std::cout << "starting PostgreSQL (fsync on) and measuring its raw append rate...\n" << std::flush;
  testing::PostgresServer postgres(true);
  constexpr int kRawRows = 100;
  const double raw_rate = postgres_append_rate(postgres.create_database("raw"), kConnections, kRawRows);
  // The same rows committed 16 to a transaction, as Baton's writer lanes group them.
  constexpr int kGroup = 16;
  const double grouped_rate =
      postgres_append_rate(postgres.create_database("grouped"), kConnections, kRawRows * 4, kGroup);
  const double echo_us = websocket_echo_round_trip_us(5000);
  const std::vector<std::string> load_flags{"--demo",
                                            "--customer-burst",
                                            "1000000",
                                            "--customer-rate",
                                            "1000000",
                                            "--widget-session-rate",
                                            "1000000000",
                                            "--handoff-rate",
                                            "1000000000",
                                            "--database-writers",
                                            writers,
                                            "--metrics-token",
                                            std::string(kMetricsToken)};
  constexpr int kPostgresPacedRate = 1000;

  std::cout << "one node on it...\n" << std::flush;
  std::map<std::string, double> one;
  {
    auto flags = load_flags;
    flags.insert(flags.end(), {"--database", postgres.create_database("one")});
    testing::ServerProcess server(flags);
    one = load_node(server, kPostgresPacedRate);
  }

  std::cout << "two nodes on it, with Redis...\n" << std::flush;
  std::map<std::string, double> two;
  {
    testing::RedisServer redis;
    auto flags = load_flags;
    flags.insert(flags.end(), {"--database", postgres.create_database("two"), "--redis", redis.url()});
    testing::ServerProcess a(flags);
    testing::ServerProcess b(flags);
    // Customers on both nodes, the agent's socket on A: half the messages cross through Redis;
    // handoffs are posted to B, so every popup does.
    two = load_node(a, kPostgresPacedRate, {a.port(), b.port()});
  }

  std::cout << "\n| figure (PostgreSQL, " << writers
            << " writer lanes per node) | one node | two nodes + Redis | baseline (same run) | target |\n"
               "|---|---|---|---|---|\n";
  auto row = [](const std::string& what, const std::string& one_node, const std::string& two_nodes,
                const std::string& baseline, const std::string& target) {
    std::cout << "| " << what << " | " << one_node << " | " << two_nodes << " | " << baseline << " | " << target
              << " |\n";
  };
  auto rate = [&](const std::map<std::string, double>& r) {
    return fixed(r.at("throughput_msgs_per_s"), 0) + " (" + fixed(100 * r.at("throughput_msgs_per_s") / raw_rate) +
           " %)";
  };
  row("durable customer messages/s delivered to the agent socket (" + std::to_string(kConnections) +
          " concurrent customers; share of raw)",
      rate(one), rate(two),
      fixed(raw_rate, 0) + " messages/s raw PostgreSQL appends, " + std::to_string(kConnections) +
          " sessions, one per transaction (" + fixed(grouped_rate, 0) + "/s at " + std::to_string(kGroup) +
          " per transaction)",
      ">= 60 % with two nodes");
  auto pair = [](const std::map<std::string, double>& r, const std::string& p50, const std::string& p99) {
    return fixed(r.at(p50), 2) + " / " + fixed(r.at(p99), 2) + " ms";
  };
  row("p50 / p99 POST → agent message.created at " + std::to_string(kPostgresPacedRate) + " msg/s",
      pair(one, "paced_p50_ms", "paced_p99_ms"), pair(two, "paced_p50_ms", "paced_p99_ms"),
      fixed(echo_us / 1000, 3) + " ms WebSocket echo round trip", "p99 < 20 ms at 1,000 msg/s");
  row("handoff POST → handoff.requested p50 / p99 (two nodes: posted on B, popup on A)",
      pair(one, "handoff_p50_ms", "handoff_p99_ms"), pair(two, "handoff_p50_ms", "handoff_p99_ms"),
      fixed(echo_us / 1000, 3) + " ms WebSocket echo round trip", "");
  std::cout << "\n(one node: " << one["throughput_acknowledged"] << " acknowledged, " << one["paced_received"] << " of "
            << one["paced_sent"] << " paced received; two nodes: " << two["throughput_acknowledged"]
            << " acknowledged, " << two["paced_received"] << " of " << two["paced_sent"] << " paced received)\n";
  return 0;
}

}  // namespace
}  // namespace baton::bench

int main(int argc, char** argv) {
  using namespace baton::bench;
  // `baton-bench postgres [WRITERS]`: one node on PostgreSQL.
  if (argc > 1 && std::string(argv[1]) == "postgres") return bench_postgres(argc > 2 ? argv[2] : "4");
  // `baton-bench login`: only the login storm (quick, for checking the hashing pool).
  if (argc > 1 && std::string(argv[1]) == "login") {
    const auto storm = measure_login_storm(kStormingClients, 400);
    std::cout << "widget config p50 / p99: " << fixed(storm.idle_p50_ms, 2) << " / " << fixed(storm.idle_p99_ms, 2)
              << " ms with no logins, " << fixed(storm.storm_p50_ms, 2) << " / " << fixed(storm.storm_p99_ms, 2)
              << " ms during " << kStormingClients << " concurrent logins (" << storm.logins_answered
              << " answered meanwhile); p99 ratio " << fixed(storm.storm_p99_ms / storm.idle_p99_ms, 2) << "\n";
    return 0;
  }
  raise_open_file_limit();
  // `baton-bench sockets`: only the widget sockets' rows (quick, for profiling them).
  const bool sockets_only = argc > 1 && std::string(argv[1]) == "sockets";
  // `baton-bench messages`: only the message path's rows (likewise).
  const bool messages_only = argc > 1 && std::string(argv[1]) == "messages";
  const auto scratch = std::filesystem::temp_directory_path() / ("baton-bench-" + std::to_string(getpid()));
  std::cout << "measuring baselines...\n" << std::flush;
  // fsync times vary from run to run on shared disks: the median of three.
  std::vector<double> rates;
  for (int i = 0; i < (sockets_only ? 0 : 3); ++i)
    rates.push_back(sqlite_group_commit_rate(scratch, 20000, kConnections));
  const double sqlite_rate = percentile(rates, 0.5);
  const double echo_us = websocket_echo_round_trip_us(5000);
  std::filesystem::remove_all(scratch);

  std::cout << "starting baton (release build) and loading it...\n" << std::flush;
  // One client address plays every customer here: the per-address limits are lifted.
  baton::testing::ServerProcess server({"--demo", "--customer-burst", "1000000", "--customer-rate", "1000000",
                                        "--widget-session-rate", "1000000000", "--handoff-rate", "1000000000",
                                        "--metrics-token", std::string(kMetricsToken)});
  asio::io_context io;  // outlives the bench's sockets
  Bench bench(server);
  asio::co_spawn(io, bench.run(sockets_only, messages_only), [](std::exception_ptr error) {
    if (error) std::rethrow_exception(error);
  });
  io.run();
  if (sockets_only) {
    std::cout << "\n| figure | Baton | baseline (same run) | ratio | target |\n|---|---|---|---|---|\n";
    print_socket_rows(bench.sockets);
    return 0;
  }
  auto& r = bench.results;
  if (messages_only) {
    std::cout << "\n| figure | Baton | baseline (same run) | ratio | target |\n|---|---|---|---|---|\n";
    print_message_rows(r, sqlite_rate, echo_us);
    return 0;
  }
  std::cout << "measuring LINE (the fake platform, a second server)...\n" << std::flush;
  const auto line_alone = measure_line_replies(1, kLineMessagesPerUser);
  const auto line = measure_line_replies(kLineUsers, kLineMessagesPerUser);
  std::cout << "measuring a login storm beside the widget...\n" << std::flush;
  const auto storm = measure_login_storm(kStormingClients, 400);

  std::cout << "\n| figure | Baton | baseline (same run) | ratio | target |\n|---|---|---|---|---|\n";
  print_message_rows(r, sqlite_rate, echo_us);
  print_socket_rows(bench.sockets);
  print_row("LINE: webhook → the AI's answer at LINE (Reply API), p50 / p99, one user (" +
                std::to_string(line_alone.answered) + " of " + std::to_string(line_alone.expected) + " answered)",
            fixed(line_alone.p50_ms, 2) + " / " + fixed(line_alone.p99_ms, 2) + " ms",
            fixed(line_alone.baseline_ms, 3) + " ms one plain HTTP exchange with the same fake",
            fixed(line_alone.p50_ms / line_alone.baseline_ms) + " × (p50)", "");
  print_row("LINE: webhook → the AI's answer at LINE (Reply API), p50 / p99, " + std::to_string(line.users) +
                " users writing in turn",
            fixed(line.p50_ms, 2) + " / " + fixed(line.p99_ms, 2) + " ms",
            fixed(line.baseline_ms, 3) + " ms one plain HTTP exchange with the same fake",
            fixed(line.p50_ms / line.baseline_ms) + " × (p50)", "");
  print_row("LINE: answers delivered/s (answered of sent)",
            fixed(line.answers_per_s, 0) + " (" + std::to_string(line.answered) + " of " +
                std::to_string(line.expected) + ")",
            "", "", "");
  print_row("widget config p50 / p99 during " + std::to_string(kStormingClients) + " concurrent logins (" +
                std::to_string(storm.logins_answered) + " answered meanwhile)",
            fixed(storm.storm_p50_ms, 2) + " / " + fixed(storm.storm_p99_ms, 2) + " ms",
            fixed(storm.idle_p50_ms, 2) + " / " + fixed(storm.idle_p99_ms, 2) + " ms with no logins",
            fixed(storm.storm_p99_ms / storm.idle_p99_ms) + " × (p99)", "p99 unchanged");
  std::cout << "\n(" << r["throughput_acknowledged"] << " acknowledged in the throughput run; " << r["paced_received"]
            << " of " << r["paced_sent"] << " paced messages received at 2,000/s, " << r["fast_paced_received"]
            << " of " << r["fast_paced_sent"] << " at 10,000/s)\n";
  return 0;
}
