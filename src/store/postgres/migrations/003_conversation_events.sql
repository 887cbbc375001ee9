-- The conversation event log (as SQLite's migration 010): one row per change of a
-- conversation's state and per moment a report measures, written in the transaction of the
-- change, numbered per conversation without gaps. Append-only.
CREATE TABLE conversation_events (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  episode_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  type TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  data JSONB NOT NULL DEFAULT '{}',
  duration_ms BIGINT,
  business_duration_ms BIGINT
);
CREATE UNIQUE INDEX conversation_events_seq ON conversation_events(conversation_id, seq);
CREATE INDEX conversation_events_by_time ON conversation_events(at, type);
