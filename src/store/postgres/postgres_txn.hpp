// The Store interface's queries (store/sql) on PostgreSQL's session.
#pragma once

#include "store/postgres/session.hpp"
#include "store/sql/sql_txn.hpp"

// Instantiated once, in postgres_txn.cpp.
extern template class baton::store::sql::SqlReadTxn<baton::store::postgres::Session>;
extern template class baton::store::sql::SqlWriteTxn<baton::store::postgres::Session>;
