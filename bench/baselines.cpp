#include "baselines.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace baton::bench {
namespace {

void check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) throw std::runtime_error(sqlite3_errmsg(db));
}

void exec(sqlite3* db, const char* sql) { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db); }

}  // namespace

double sqlite_group_commit_rate(const std::filesystem::path& directory, int rows, int group) {
  std::filesystem::create_directories(directory);
  const auto path = (directory / "baseline.db").string();
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db);
  exec(db, "PRAGMA journal_mode=WAL");
  exec(db, "PRAGMA synchronous=FULL");
  exec(db,
       "CREATE TABLE conversations (id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, updated_at TEXT NOT NULL);"
       "CREATE TABLE messages (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, "
       "sender TEXT NOT NULL, agent_id TEXT, text TEXT NOT NULL, event TEXT NOT NULL, client_id TEXT, "
       "created_at TEXT NOT NULL, UNIQUE (conversation_id, seq));"
       "INSERT INTO conversations VALUES ('conv_1', 0, '2026-01-01T00:00:00.000Z');");
  sqlite3_stmt* bump = nullptr;
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db,
                           "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? "
                           "RETURNING last_seq",
                           -1, &bump, nullptr),
        db);
  check(sqlite3_prepare_v2(db, "INSERT INTO messages VALUES (?, ?, ?, 'customer', NULL, ?, '', NULL, ?)", -1, &insert,
                           nullptr),
        db);
  const std::string text = "bench message text of a typical length, about sixty characters";
  const std::string now = "2026-11-26T01:02:03.456Z";
  const auto start = std::chrono::steady_clock::now();
  for (int done = 0; done < rows;) {
    exec(db, "BEGIN IMMEDIATE");
    for (int i = 0; i < group && done < rows; ++i, ++done) {
      sqlite3_bind_text(bump, 1, now.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(bump, 2, "conv_1", -1, SQLITE_STATIC);
      check(sqlite3_step(bump), db);
      const auto seq = sqlite3_column_int64(bump, 0);
      sqlite3_reset(bump);
      const std::string id = "msg_" + std::to_string(done);
      sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 2, "conv_1", -1, SQLITE_STATIC);
      sqlite3_bind_int64(insert, 3, seq);
      sqlite3_bind_text(insert, 4, text.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(insert, 5, now.c_str(), -1, SQLITE_STATIC);
      check(sqlite3_step(insert), db);
      sqlite3_reset(insert);
    }
    exec(db, "COMMIT");
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sqlite3_finalize(bump);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return rows / seconds;
}

double websocket_echo_round_trip_us(int round_trips) {
  namespace asio = boost::asio;
  namespace websocket = boost::beast::websocket;
  using asio::ip::tcp;
  asio::io_context server_io;
  tcp::acceptor acceptor(server_io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const auto port = acceptor.local_endpoint().port();
  std::thread server([&] {
    websocket::stream<tcp::socket> ws(acceptor.accept());
    ws.accept();
    boost::beast::flat_buffer buffer;
    for (;;) {
      boost::system::error_code error;
      ws.read(buffer, error);
      if (error) return;
      ws.text(true);
      ws.write(buffer.data(), error);
      if (error) return;
      buffer.consume(buffer.size());
    }
  });
  asio::io_context client_io;
  websocket::stream<tcp::socket> client(client_io);
  client.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  client.next_layer().set_option(tcp::no_delay(true));
  client.handshake("127.0.0.1", "/");
  const std::string frame = R"({"type":"message.created","message":{"text":"echo"}})";
  std::vector<double> samples;
  boost::beast::flat_buffer buffer;
  for (int i = 0; i < round_trips; ++i) {
    const auto start = std::chrono::steady_clock::now();
    client.write(asio::buffer(frame));
    client.read(buffer);
    buffer.consume(buffer.size());
    samples.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  client.close(websocket::close_code::normal);
  server.join();
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

}  // namespace baton::bench
