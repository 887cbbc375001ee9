#include "widget_sockets_bench.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <random>

#include "load_client.hpp"
#include "measures.hpp"

namespace baton::bench {
namespace http = beast::http;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr int kOpeners = 256;          // connections being opened at once for the first opening
constexpr int kPresenceRounds = 4;     // offline, online, offline, online
constexpr int kMessageEvery = 20;      // one socket in this many misses a message while down
constexpr int kPosters = 16;           // connections posting those messages
constexpr auto kFirstBackoff = 500ms;  // as the widget's ReconnectingSocket (web/shared/reconnect.ts)
constexpr auto kMaxBackoff = 30s;
constexpr auto kPhaseLimit = 60s;
constexpr int kSourceAddresses = 64;  // 127.0.0.2 to 127.0.0.65

// One widget's socket, and what it heard.
struct Held {
  WidgetVisitor visitor;
  std::unique_ptr<WebSocket> ws;
  bool reading = false;
  int presence_frames = 0;
  Clock::time_point presence_at{};
  std::int64_t newest_seq = 0;
  std::map<std::int64_t, int> seen;  // message seq → times received, over every connection
  Clock::time_point missed_message_at{};
  bool missed_message = false;  // the storm's message, received (live or on resume)
  int source = 0;               // the loopback address it connects from (load_client.hpp)
};

std::int64_t seq_of(std::string_view frame) {
  const auto at = frame.find(R"("seq":)");
  if (at == std::string_view::npos) return -1;
  return std::strtoll(frame.data() + at + 6, nullptr, 10);
}

// Reads until the connection ends. A substring scan, not a JSON parse: the load generator
// shares the two cores with the server.
asio::awaitable<void> read_frames(Held& held) {
  held.reading = true;
  beast::flat_buffer buffer;
  for (;;) {
    auto [error, bytes] = co_await held.ws->async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (error) break;
    const auto now = Clock::now();
    const std::string frame = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    if (frame.starts_with(R"({"type":"presence.updated")")) {
      ++held.presence_frames;
      held.presence_at = now;
    } else if (frame.starts_with(R"({"type":"message.created")")) {
      const auto seq = seq_of(frame);
      ++held.seen[seq];
      held.newest_seq = std::max(held.newest_seq, seq);
      if (frame.find(R"("text":"missed while down")") != std::string::npos) {
        held.missed_message = true;
        held.missed_message_at = now;
      }
    }
  }
  held.reading = false;
}

std::string socket_target(const Held& held) {
  return "/api/v1/widget/ws?token=" + held.visitor.token + "&after_seq=" + std::to_string(held.newest_seq);
}

asio::awaitable<bool> connect(Held& held, unsigned short port) {
  auto executor = co_await asio::this_coro::executor;
  try {
    held.ws = co_await open_socket(executor, port, socket_target(held), {}, held.source);
  } catch (const std::exception&) {
    co_return false;
  }
  auto reader = read_frames(held);
  asio::co_spawn(executor, std::move(reader), asio::detached);
  co_return true;
}

void drop(Held& held) {
  if (!held.ws) return;
  beast::error_code ignored;
  beast::get_lowest_layer(*held.ws).socket().close(ignored);
}

// Drops every socket and waits until their readers have ended (before the sockets go).
asio::awaitable<void> drop_all(std::vector<Held>& held) {
  for (auto& h : held) drop(h);
  co_await wait_until([&] { return std::none_of(held.begin(), held.end(), [](const Held& h) { return h.reading; }); },
                      kPhaseLimit);
}

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// Opens them all, kOpeners at a time; answers how many failed.
asio::awaitable<int> open_all(std::vector<Held>& held, unsigned short port) {
  auto executor = co_await asio::this_coro::executor;
  std::size_t next = 0;
  int failed = 0, finished = 0;
  for (int o = 0; o < kOpeners; ++o) {
    auto opener = [&]() -> asio::awaitable<void> {
      for (std::size_t i = next++; i < held.size(); i = next++) {
        const bool opened = co_await connect(held[i], port);
        if (!opened) ++failed;
      }
      ++finished;
    };
    asio::co_spawn(executor, opener, asio::detached);
  }
  co_await wait_until([&] { return finished == kOpeners; }, kPhaseLimit);
  co_return failed;
}

struct Broadcast {
  int rounds = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int missed = 0;  // socket-rounds that never heard it
};

// One event at a time, started by `change(round)`; every socket must hear it.
template <class Change>
asio::awaitable<Broadcast> broadcast_rounds(std::vector<Held>& held, Change change) {
  Broadcast figures;
  std::vector<double> latencies;
  for (int round = 0; round < kPresenceRounds; ++round) {
    std::vector<int> before;
    for (const auto& h : held) before.push_back(h.presence_frames);
    auto heard = [&](std::size_t i) { return held[i].presence_frames > before[i]; };
    const auto changed_at = Clock::now();
    co_await change(round);
    co_await wait_until(
        [&] {
          for (std::size_t i = 0; i < held.size(); ++i) {
            if (held[i].ws && !heard(i)) return false;
          }
          return true;
        },
        30s);
    for (std::size_t i = 0; i < held.size(); ++i) {
      if (!held[i].ws) continue;
      if (heard(i)) {
        latencies.push_back(ms_between(changed_at, held[i].presence_at));
      } else {
        ++figures.missed;
      }
    }
    ++figures.rounds;
  }
  figures.p50_ms = percentile(latencies, 0.50);
  figures.p99_ms = percentile(latencies, 0.99);
  co_return figures;
}

// Every socket dropped at once; while they are down the agent writes to one conversation in
// kMessageEvery; each socket comes back as the widget does (backoff with jitter, after_seq)
// and must receive what it missed exactly once.
asio::awaitable<void> reconnect_storm(std::vector<Held>& held, unsigned short port, const std::string& agent_token,
                                      WidgetSocketFigures& figures) {
  auto executor = co_await asio::this_coro::executor;
  std::vector<int> presence_before;
  for (const auto& h : held) presence_before.push_back(h.presence_frames);
  const auto dropped_at = Clock::now();
  co_await drop_all(held);

  // The agent's messages, posted while the widgets are away (and, for some, as they return).
  std::vector<std::size_t> written;
  for (std::size_t i = 0; i < held.size(); i += kMessageEvery) written.push_back(i);
  std::size_t next_post = 0;
  int posters_done = 0;
  for (int p = 0; p < kPosters; ++p) {
    auto poster = [&]() -> asio::awaitable<void> {
      HttpConnection http(executor, port);
      for (std::size_t n = next_post++; n < written.size(); n = next_post++) {
        const auto& conversation_id = held[written[n]].visitor.conversation_id;
        auto reply = co_await http.request(http::verb::post, "/api/v1/conversations/" + conversation_id + "/messages",
                                           R"({"text":"missed while down"})", agent_token);
        if (reply.status == 201) ++figures.storm_messages;
      }
      ++posters_done;
    };
    asio::co_spawn(executor, poster, asio::detached);
  }

  int returned = 0;
  std::mt19937 random(42);
  for (auto& h : held) {
    const auto seed = random();
    auto comeback = [&, seed]() -> asio::awaitable<void> {
      std::mt19937 jitter(seed);
      asio::steady_timer timer(executor);
      for (auto base = std::chrono::duration<double, std::milli>(kFirstBackoff);;
           base = std::min(base * 2, std::chrono::duration<double, std::milli>(kMaxBackoff))) {
        const double delay = base.count() / 2 + std::uniform_real_distribution<double>(0, base.count() / 2)(jitter);
        timer.expires_after(std::chrono::microseconds(static_cast<long>(delay * 1000)));
        co_await timer.async_wait(asio::use_awaitable);
        if (co_await connect(h, port)) break;
        ++figures.storm_failed_attempts;
        if (Clock::now() - dropped_at > kPhaseLimit) break;
      }
      ++returned;
    };
    asio::co_spawn(executor, comeback, asio::detached);
  }

  std::vector<bool> expects(held.size(), false);
  for (auto i : written) expects[i] = true;
  auto caught_up = [&](std::size_t i) {
    return held[i].presence_frames > presence_before[i] && (!expects[i] || held[i].missed_message);
  };
  co_await wait_until([&] { return posters_done == kPosters && returned == static_cast<int>(held.size()); },
                      kPhaseLimit + 30s);
  co_await wait_until(
      [&] {
        for (std::size_t i = 0; i < held.size(); ++i) {
          if (!caught_up(i)) return false;
        }
        return true;
      },
      10s);
  std::vector<double> latencies;
  for (std::size_t i = 0; i < held.size(); ++i) {
    for (const auto& [seq, times] : held[i].seen) figures.storm_doubled += times > 1 ? 1 : 0;
    if (expects[i] && !held[i].missed_message) ++figures.storm_missed;
    if (!caught_up(i)) continue;
    ++figures.storm_caught_up;
    auto at = held[i].presence_at;
    if (expects[i]) at = std::max(at, held[i].missed_message_at);
    latencies.push_back(ms_between(dropped_at, at));
  }
  figures.storm_p50_ms = percentile(latencies, 0.50);
  figures.storm_p99_ms = percentile(latencies, 0.99);
}

// `baton-bench-broadcaster` (bare_broadcaster.cpp) in a process of its own, beside this one.
class BareBroadcaster {
 public:
  BareBroadcaster() {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe failed");
    const auto program = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "baton-bench-broadcaster";
    pid_ = fork();
    if (pid_ == 0) {
      dup2(to_child[0], 0);
      dup2(from_child[1], 1);
      close(to_child[1]);
      close(from_child[0]);
      execl(program.c_str(), program.c_str(), nullptr);
      _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    stdin_ = to_child[1];
    std::string banner;
    char c = 0;
    while (read(from_child[0], &c, 1) == 1 && c != '\n') banner += c;
    close(from_child[0]);
    if (!banner.starts_with("listening on ")) throw std::runtime_error("the bare broadcaster did not start");
    port_ = static_cast<unsigned short>(std::stoi(banner.substr(13)));
  }
  ~BareBroadcaster() {
    close(stdin_);  // it stops when its input ends
    waitpid(pid_, nullptr, 0);
  }
  BareBroadcaster(const BareBroadcaster&) = delete;
  BareBroadcaster& operator=(const BareBroadcaster&) = delete;
  unsigned short port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  unsigned short port_ = 0;
};

// The same rounds against the bare broadcaster: what Beast and this load generator achieve
// for the same number of sockets on this machine, with nothing of Baton's in the way.
asio::awaitable<Broadcast> bare_broadcast(std::size_t sockets) {
  BareBroadcaster server;
  std::vector<Held> held(sockets);
  for (std::size_t i = 0; i < sockets; ++i) held[i].source = 2 + static_cast<int>(i % kSourceAddresses);
  co_await open_all(held, server.port());
  Broadcast figures;
  if (held[0].ws) {
    auto change = [&](int) -> asio::awaitable<void> {
      const std::string frame = R"({"type":"presence.updated","assistant_id":"asst_bare","agents_online":1})";
      co_await held[0].ws->async_write(asio::buffer(frame), asio::use_awaitable);
    };
    figures = co_await broadcast_rounds(held, change);
  }
  co_await drop_all(held);
  co_return figures;
}

}  // namespace

asio::awaitable<WidgetSocketFigures> measure_widget_sockets(unsigned short port, pid_t server, std::string agent_token,
                                                            std::vector<WidgetVisitor> visitors) {
  WidgetSocketFigures figures;
  std::vector<Held> held(visitors.size());
  for (std::size_t i = 0; i < visitors.size(); ++i) {
    held[i].visitor = std::move(visitors[i]);
    held[i].source = 2 + static_cast<int>(i % kSourceAddresses);
  }

  const long rss_before = rss_kib(server);
  const long kernel_before = kernel_memory_bytes();
  figures.failed = co_await open_all(held, port);
  figures.opened = static_cast<int>(held.size()) - figures.failed;
  // Measured once every socket has its first frame (the server's per-socket state is set up).
  co_await wait_until(
      [&] { return std::all_of(held.begin(), held.end(), [](const Held& h) { return !h.ws || h.presence_frames; }); },
      30s);
  const long rss_after = rss_kib(server);
  const long kernel_after = kernel_memory_bytes();
  figures.server_rss_mib = rss_after / 1024.0;
  if (figures.opened > 0) {
    figures.server_kib_per_socket = static_cast<double>(rss_after - rss_before) / figures.opened;
    figures.kernel_kib_per_connection =
        static_cast<double>(kernel_after - kernel_before) / 1024 / static_cast<double>(figures.opened);
  }

  mark_phase("presence begins");
  {
    // The bench's agent goes offline, online...: every widget must hear the new count.
    HttpConnection http(co_await asio::this_coro::executor, port);
    auto change = [&](int round) -> asio::awaitable<void> {
      const std::string status = round % 2 == 0 ? R"({"status":"offline"})" : R"({"status":"online"})";
      co_await http.request(http::verb::put, "/api/v1/me/presence", status, agent_token);
    };
    const auto presence = co_await broadcast_rounds(held, change);
    figures.presence_rounds = presence.rounds;
    figures.presence_p50_ms = presence.p50_ms;
    figures.presence_p99_ms = presence.p99_ms;
    figures.presence_missed = presence.missed;
  }
  mark_phase("storm begins");
  co_await reconnect_storm(held, port, agent_token, figures);
  mark_phase("storm ends");

  co_await drop_all(held);
  const auto count = held.size();
  held.clear();  // the descriptors are needed again, for the baseline's sockets

  const auto bare = co_await bare_broadcast(count);
  figures.bare_p50_ms = bare.p50_ms;
  figures.bare_p99_ms = bare.p99_ms;
  figures.bare_missed = bare.missed;
  co_return figures;
}

}  // namespace baton::bench
