#include "main/open_store.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

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
  // postgresql://user:secret@host/db?password=secret → postgresql://user@host/db
  auto parsed = boost::urls::parse_uri(location.database);
  if (!parsed) return "PostgreSQL (a key=value connection string)";
  boost::urls::url url(*parsed);
  url.remove_password();
  url.params().erase("password");
  return std::string(url.buffer());
}

}  // namespace baton::main
