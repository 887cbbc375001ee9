-- The AI's answers as durable work: one row per customer message the AI is to answer, written
-- with the message. The node answering holds it until `due_at` (its lease); a node that dies
-- meanwhile leaves it due, and another (or the same one, restarted) answers. The row goes when
-- the answer is stored (or is no longer wanted).
CREATE TABLE ai_jobs (
  message_id TEXT PRIMARY KEY REFERENCES messages(id),
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  assistant_id TEXT NOT NULL,
  due_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX ai_jobs_due ON ai_jobs(due_at);
