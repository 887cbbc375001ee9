-- E-mail follow-up of offline web visitors (team operations §4.12): see the SQLite store's 016_email_followup.sql.
-- Per assistant: whether agents' answers follow an absent visitor by e-mail, and after how long.
ALTER TABLE assistants ADD COLUMN email_followup BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE assistants ADD COLUMN email_followup_delay_s INTEGER NOT NULL DEFAULT 120;
-- The e-mail outbox: one row per e-mail, written in the agent message's transaction. While
-- `pending` (before its first try) later agent messages of the conversation join it (last_seq
-- moves), so a burst makes one e-mail. `sending`: claimed by a node until next_attempt_at (a
-- lease); `retry`: an SMTP 4xx, tried again at next_attempt_at; then `sent`, `failed` (an SMTP
-- 5xx, or too many tries: last_error keeps the server's text) or `cancelled` (the visitor came
-- back and saw the messages). mail_id is the Message-ID, the same on every try.
CREATE TABLE email_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  assistant_id TEXT NOT NULL,
  to_address TEXT NOT NULL,
  first_seq BIGINT NOT NULL,
  last_seq BIGINT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  mail_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX email_outbox_one_pending ON email_outbox(conversation_id) WHERE state = 'pending';
CREATE INDEX email_outbox_due ON email_outbox(next_attempt_at) WHERE state IN ('pending', 'sending', 'retry');
CREATE INDEX email_outbox_by_conversation ON email_outbox(conversation_id, first_seq);
-- The widget sockets of each conversation, a row per socket, written by whichever node holds it
-- (on open, every so often while open, on close), so that any node's e-mail worker knows whether
-- the visitor is there or has seen the messages (they were sent to the socket). A row per socket
-- rather than a count: its open and its close may commit in either order (PostgreSQL's writer
-- lanes), and a close always wins. `language`: the widget's (zh-TW or en), for the e-mail. Of
-- the closed rows only each conversation's newest is kept.
CREATE TABLE visitor_sockets (
  socket_id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  is_open INTEGER NOT NULL,
  seen_at TIMESTAMPTZ NOT NULL,
  language TEXT
);
CREATE INDEX visitor_sockets_by_conversation ON visitor_sockets(conversation_id, seen_at);
-- Secrets of the server as a whole (the resume links' HMAC key), made once, shared by every node.
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
