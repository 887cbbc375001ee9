// The stores the conformance suite runs against. A factory makes one fresh, empty store for a
// test, and `open()` opens it again over the same data (to prove what survives a restart).
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace baton::store::testing {

class SqliteStores {
 public:
  std::unique_ptr<Store> open() { return std::make_unique<sqlite::SqliteStore>(dir_.path()); }

 private:
  baton::testing::TempDir dir_;
};

using ConformingStores = ::testing::Types<SqliteStores>;

}  // namespace baton::store::testing
