#include "postgres_bench.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/postgres/migrate.hpp"

namespace baton::bench {

double postgres_append_rate(const std::string& url, int connections, int rows, int per_transaction) {
  namespace pg = store::postgres;
  {
    pg::Connection setup(url);
    pg::migrate(setup);
    setup.exec(
        "INSERT INTO assistants (id, name, greeting, live_agent_enabled, offline_message, created_at, updated_at) "
        "VALUES ('asst_raw', 'Raw', '', true, '', now(), now())");
    setup.query(
        "INSERT INTO conversations (id, assistant_id, channel, status, contact_id, contact_name, created_at, "
        "updated_at) SELECT 'conv_raw_' || n, 'asst_raw', 'web', 'live', 'contact_' || n, 'Raw', now(), now() "
        "FROM generate_series(1, $1::int) AS n",
        {std::to_string(connections)});
  }
  std::vector<std::thread> sessions;
  const auto start = std::chrono::steady_clock::now();
  for (int session = 1; session <= connections; ++session) {
    sessions.emplace_back([&url, rows, per_transaction, session] {
      pg::Connection connection(url);
      const std::string conversation = "conv_raw_" + std::to_string(session);
      for (int row = 0; row < rows; ++row) {
        if (row % per_transaction == 0) connection.exec("BEGIN");
        auto seq = connection.query(
            "UPDATE conversations SET last_seq = last_seq + 1, updated_at = now(), version = version + 1 "
            "WHERE id = $1 RETURNING last_seq",
            {conversation});
        connection.query(
            "INSERT INTO messages (id, conversation_id, seq, sender, text, created_at) "
            "VALUES ($1, $2, $3, 'customer', 'throughput message', now())",
            {conversation + "_" + std::to_string(row), conversation, seq.text(0, 0)});
        if (row % per_transaction == per_transaction - 1 || row == rows - 1) connection.exec("COMMIT");
      }
    });
  }
  for (auto& session : sessions) session.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return connections * rows / seconds;
}

}  // namespace baton::bench
