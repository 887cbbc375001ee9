// The store a command works on: PostgreSQL when a database URL is given (several nodes share
// it), else the embedded SQLite file under the data directory.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace baton::main {

struct StoreLocation {
  std::string data = "./data";  // SQLite's directory
  std::string database;         // postgresql://USER@HOST:PORT/DB; empty: SQLite
  int writers = 4;              // PostgreSQL's writer lanes
};

// Opens (creating or migrating the schema) the store at `location`; throws StoreError.
std::unique_ptr<store::Store> open_store(const StoreLocation& location);
// Where the data lives, for messages: the URL without its password, or the directory.
std::string describe(const StoreLocation& location);

}  // namespace baton::main
