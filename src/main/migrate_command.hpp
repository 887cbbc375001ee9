// `baton migrate --data DIR --database URL`: a one-machine install (SQLite) moved into an empty
// PostgreSQL database, everything in one transaction: a crash or a failed check leaves the
// target as it was, so the command can simply run again.
#pragma once

#include <string>

namespace baton::main {

struct MigrateOptions {
  std::string data = "./data";
  std::string database;
};

// 0 when everything was copied and checked; 1 (with a message on stderr) otherwise.
int migrate_to_postgres(const MigrateOptions& options);

}  // namespace baton::main
