// The PostgreSQL schema's versions. Several nodes may start at once on one database: each takes
// the same advisory lock first, so the schema is applied exactly once, each version in its own
// transaction; a node that finds a schema newer than it knows refuses to run on it.
#pragma once

#include <span>
#include <string_view>

#include "store/postgres/connection.hpp"

namespace baton::store::postgres {

struct Migration {
  int version;
  std::string_view sql;
};

// The migrations this build carries, in version order.
std::span<const Migration> schema_migrations();

// Applies what `connection`'s database lacks of `migrations`; returns how many it applied.
// Throws StoreError when the database's schema is newer than the newest of `migrations`.
int migrate(Connection& connection, std::span<const Migration> migrations = schema_migrations());

}  // namespace baton::store::postgres
