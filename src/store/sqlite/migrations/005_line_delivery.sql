-- LINE conversations: the contact behind each (assistant, LINE user) with its freshest reply
-- token; the webhook events already handled (LINE redelivers); the durable outbox of calls to
-- LINE (messages, profile and content fetches); files customers sent.
ALTER TABLE conversations ADD COLUMN contact_picture_url TEXT;

CREATE TABLE line_contacts (
  assistant_id TEXT NOT NULL REFERENCES assistants(id),
  line_user_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL UNIQUE REFERENCES conversations(id),
  following INTEGER NOT NULL DEFAULT 1,
  reply_token TEXT,
  reply_token_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (assistant_id, line_user_id)
);

CREATE TABLE line_webhook_events (
  webhook_event_id TEXT PRIMARY KEY,
  assistant_id TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE INDEX line_webhook_events_by_age ON line_webhook_events(received_at);

CREATE TABLE line_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,               -- message | profile | content
  assistant_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  line_user_id TEXT NOT NULL,
  subject_id TEXT,                  -- the message (kind message) or attachment (kind content)
  reply_token TEXT,                 -- a reply token taken for this message, if fresh
  reply_token_at TEXT,
  retry_key TEXT NOT NULL,          -- X-Line-Retry-Key of a push, the same on every try
  state TEXT NOT NULL,              -- pending | sent | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX line_outbox_due ON line_outbox(next_attempt_at) WHERE state = 'pending';
CREATE INDEX line_outbox_by_subject ON line_outbox(subject_id);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  message_id TEXT NOT NULL REFERENCES messages(id),
  kind TEXT NOT NULL,               -- image | video | audio | file
  source_id TEXT NOT NULL,          -- where to fetch it (LINE's message id)
  file_name TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,             -- pending | ready | failed
  data BLOB,
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_by_message ON attachments(message_id);
