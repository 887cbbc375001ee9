// The Store interface's queries (store/sql) on SQLite's connection.
#pragma once

#include "store/sql/sql_txn.hpp"
#include "store/sqlite/connection.hpp"

namespace baton::store::sqlite {

using SqliteReadTxn = sql::SqlReadTxn<Connection>;
using SqliteWriteTxn = sql::SqlWriteTxn<Connection>;

}  // namespace baton::store::sqlite

// Instantiated once, in sqlite_txn.cpp.
extern template class baton::store::sql::SqlReadTxn<baton::store::sqlite::Connection>;
extern template class baton::store::sql::SqlWriteTxn<baton::store::sqlite::Connection>;
