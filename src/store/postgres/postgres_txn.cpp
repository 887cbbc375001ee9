// The shared queries, instantiated for PostgreSQL.
#include "store/postgres/postgres_txn.hpp"

#include "store/sql/agent_queries.hpp"
#include "store/sql/ai_job_queries.hpp"
#include "store/sql/assistant_queries.hpp"
#include "store/sql/conversation_queries.hpp"
#include "store/sql/csat_queries.hpp"
#include "store/sql/email_queries.hpp"
#include "store/sql/event_queries.hpp"
#include "store/sql/line_queries.hpp"
#include "store/sql/metrics_queries.hpp"
#include "store/sql/report_queries.hpp"
#include "store/sql/team_queries.hpp"
#include "store/sql/webhook_queries.hpp"

template class baton::store::sql::SqlReadTxn<baton::store::postgres::Session>;
template class baton::store::sql::SqlWriteTxn<baton::store::postgres::Session>;
