-- The conversation event log (team operations §4.0): one row per change of a conversation's
-- state and per moment a report measures, written in the transaction of the change, numbered
-- per conversation without gaps. Append-only: rows are never updated or deleted.
CREATE TABLE conversation_events (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  episode_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  data TEXT NOT NULL DEFAULT '{}',
  duration_ms INTEGER,
  business_duration_ms INTEGER
);
CREATE UNIQUE INDEX conversation_events_seq ON conversation_events(conversation_id, seq);
CREATE INDEX conversation_events_by_time ON conversation_events(at, type);
