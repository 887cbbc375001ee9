-- The AI's answers as durable work (as SQLite's migration 009): one row per customer message the
-- AI is to answer, held by the node answering it until due_at, gone once the answer is stored.
CREATE TABLE ai_jobs (
  message_id TEXT PRIMARY KEY REFERENCES messages(id),
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  assistant_id TEXT NOT NULL,
  due_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ai_jobs_due ON ai_jobs(due_at);
