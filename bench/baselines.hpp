// What this machine can do without Baton, measured in the same run: raw SQLite group commits of
// the same rows, and a minimal Beast WebSocket echo.
#pragma once

#include <filesystem>

namespace baton::bench {

// Rows per second: each row is the server's message write (seq bump + insert), committed in
// transactions of `group` rows with WAL and synchronous=FULL.
double sqlite_group_commit_rate(const std::filesystem::path& directory, int rows, int group);

// Median round trip, in microseconds, of a small text frame through a Beast echo server on
// 127.0.0.1 (server and client in this process).
double websocket_echo_round_trip_us(int round_trips);

}  // namespace baton::bench
