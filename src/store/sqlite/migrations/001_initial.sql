-- Baton schema v1: agents and their sessions, assistants and knowledge, conversations,
-- messages (seq per conversation, no gaps) and widget visitors.
CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  presence TEXT NOT NULL DEFAULT 'offline',
  created_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents(id),
  csrf_hash TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE assistants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  greeting TEXT NOT NULL,
  live_agent_enabled INTEGER NOT NULL,
  offline_message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE knowledge (
  id TEXT PRIMARY KEY,
  assistant_id TEXT NOT NULL REFERENCES assistants(id),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
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
  assigned_agent_id TEXT REFERENCES agents(id),
  handoff_requested_at TEXT,
  handoff_reason TEXT NOT NULL DEFAULT '',
  offline_request INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX conversations_by_activity ON conversations(updated_at DESC);
CREATE INDEX conversations_by_status ON conversations(status, updated_at DESC);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  sender TEXT NOT NULL,
  agent_id TEXT,
  text TEXT NOT NULL,
  event TEXT NOT NULL DEFAULT '',
  client_id TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (conversation_id, seq)
);
CREATE UNIQUE INDEX messages_by_client_id ON messages(conversation_id, client_id)
  WHERE client_id IS NOT NULL;

CREATE TABLE visitors (
  token_hash TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  assistant_id TEXT NOT NULL REFERENCES assistants(id)
);
