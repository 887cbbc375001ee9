// The stores the conformance suite runs against. A factory makes one fresh, empty store for a
// test, and `open()` opens it again over the same data (to prove what survives a restart);
// `available()` is false where the store cannot run (PostgreSQL not installed: skipped).
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/postgres_server.hpp"
#include "temp_dir.hpp"

namespace baton::store::testing {

class SqliteStores {
 public:
  static constexpr const char* kName = "Sqlite";
  static bool available() { return true; }
  std::unique_ptr<Store> open() { return std::make_unique<sqlite::SqliteStore>(dir_.path()); }

 private:
  baton::testing::TempDir dir_;
};

// A fresh database on the test process's throwaway PostgreSQL server.
class PostgresStores {
 public:
  static constexpr const char* kName = "Postgres";
  static bool available() { return baton::testing::PostgresServer::installed(); }
  std::unique_ptr<Store> open() {
    if (url_.empty()) url_ = baton::testing::shared_postgres().create_database("conformance");
    return std::make_unique<postgres::PostgresStore>(url_);
  }

 private:
  std::string url_;
};

using ConformingStores = ::testing::Types<SqliteStores, PostgresStores>;

// Test names say which store: StoreConformance/Postgres.DataSurvivesReopening.
struct StoreName {
  template <class Factory>
  static std::string GetName(int) {
    return Factory::kName;
  }
};

}  // namespace baton::store::testing
