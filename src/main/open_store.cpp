#include "main/open_store.hpp"

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace baton::main {

std::unique_ptr<store::Store> open_store(const StoreLocation& location) {
  if (!location.database.empty())
    return std::make_unique<store::postgres::PostgresStore>(location.database, location.writers);
  return std::make_unique<store::sqlite::SqliteStore>(location.data);
}

std::string describe(const StoreLocation& location) {
  if (location.database.empty()) return location.data;
  // postgresql://user:secret@host/db → postgresql://user@host/db
  std::string url = location.database;
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    const auto colon = url.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) url.erase(colon, at - colon);
  }
  return url;
}

}  // namespace baton::main
