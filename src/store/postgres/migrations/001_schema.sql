-- Baton's schema on PostgreSQL: the same tables as SQLite's migrations 001-008, in PostgreSQL's
-- types (times are timestamptz in UTC, flags boolean, counters bigint, files bytea). A
-- conversation's `seq` is its `last_seq` bumped under the conversation's row lock in the same
-- transaction as the message: no sequences, so no gaps.
CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  presence TEXT NOT NULL DEFAULT 'offline',
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents(id),
  csrf_hash TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_by_agent ON sessions(agent_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

CREATE TABLE assistants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  greeting TEXT NOT NULL,
  live_agent_enabled BOOLEAN NOT NULL,
  offline_message TEXT NOT NULL,
  llm_base_url TEXT NOT NULL DEFAULT '',
  llm_model TEXT NOT NULL DEFAULT '',
  llm_api_key_env TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE knowledge (
  id TEXT PRIMARY KEY,
  assistant_id TEXT NOT NULL REFERENCES assistants(id),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX knowledge_by_assistant ON knowledge(assistant_id, created_at);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  assistant_id TEXT NOT NULL REFERENCES assistants(id),
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_detail TEXT,
  contact_picture_url TEXT,
  assigned_agent_id TEXT REFERENCES agents(id),
  handoff_requested_at TIMESTAMPTZ,
  handoff_reason TEXT NOT NULL DEFAULT '',
  offline_request BOOLEAN NOT NULL DEFAULT false,
  last_seq BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX conversations_by_activity ON conversations(updated_at DESC, id DESC);
CREATE INDEX conversations_by_status ON conversations(status, updated_at DESC, id DESC);
CREATE INDEX conversations_waiting ON conversations(assistant_id, handoff_requested_at) WHERE status = 'waiting';

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  seq BIGINT NOT NULL,
  sender TEXT NOT NULL,
  agent_id TEXT,
  text TEXT NOT NULL,
  event TEXT NOT NULL DEFAULT '',
  client_id TEXT,
  knowledge_id TEXT,
  ai_fallback BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (conversation_id, seq)
);
CREATE UNIQUE INDEX messages_by_client_id ON messages(conversation_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE visitors (
  token_hash TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  assistant_id TEXT NOT NULL REFERENCES assistants(id)
);

CREATE TABLE line_channels (
  assistant_id TEXT PRIMARY KEY REFERENCES assistants(id),
  channel_secret TEXT NOT NULL,
  channel_access_token TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE line_contacts (
  assistant_id TEXT NOT NULL REFERENCES assistants(id),
  line_user_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL UNIQUE REFERENCES conversations(id),
  following BOOLEAN NOT NULL DEFAULT true,
  reply_token TEXT,
  reply_token_at TIMESTAMPTZ,
  language TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (assistant_id, line_user_id)
);

CREATE TABLE line_webhook_events (
  webhook_event_id TEXT PRIMARY KEY,
  assistant_id TEXT NOT NULL,
  received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX line_webhook_events_by_age ON line_webhook_events(received_at);

CREATE TABLE line_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL,               -- message | profile | content
  assistant_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  line_user_id TEXT NOT NULL,
  subject_id TEXT,                  -- the message (kind message) or attachment (kind content)
  reply_token TEXT,                 -- a reply token taken for this message, if fresh
  reply_token_at TIMESTAMPTZ,
  retry_key TEXT NOT NULL,          -- X-Line-Retry-Key of a push, the same on every try
  state TEXT NOT NULL,              -- pending | sent | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
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
  size BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL,             -- pending | ready | failed
  data BYTEA,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachments_by_message ON attachments(message_id);
