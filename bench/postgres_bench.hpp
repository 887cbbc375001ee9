// The baseline for Baton on PostgreSQL: what the same server does without Baton, measured in the
// same run.
#pragma once

#include <string>

namespace baton::bench {

// Messages per second: `connections` sessions (threads) each append `rows` messages to a
// conversation of its own, `per_transaction` messages per transaction (the seq bump under the
// conversation's row lock, then the insert, as Baton's store does); synchronous commit. `url`
// must name an empty database: it is migrated and given the conversations.
double postgres_append_rate(const std::string& url, int connections, int rows, int per_transaction = 1);

}  // namespace baton::bench
