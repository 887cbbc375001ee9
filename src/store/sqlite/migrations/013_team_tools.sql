-- The agents' daily tools (team operations §4.5-4.7).
-- Internal notes: a stream of their own beside the messages, so the customer's seq never moves.
-- `mentions` holds the agent ids the note names, space-separated; each also gets a row in
-- `mentions`, that agent's inbox.
CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  agent_id TEXT NOT NULL REFERENCES agents(id),
  text TEXT NOT NULL,
  mentions TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX notes_by_conversation ON notes(conversation_id, created_at, id);
CREATE TABLE mentions (
  id TEXT PRIMARY KEY,
  note_id TEXT NOT NULL REFERENCES notes(id),
  agent_id TEXT NOT NULL REFERENCES agents(id),
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX mentions_by_agent ON mentions(agent_id, created_at DESC, id DESC);
-- Canned replies: `scope` is the assistant's id or '' for every assistant, and shortcut_key the
-- shortcut case-folded, so that a shortcut is unique per scope.
CREATE TABLE canned_replies (
  id TEXT PRIMARY KEY,
  assistant_id TEXT REFERENCES assistants(id),
  scope TEXT NOT NULL,
  shortcut TEXT NOT NULL,
  shortcut_key TEXT NOT NULL,
  text TEXT NOT NULL,
  created_by TEXT,
  updated_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (scope, shortcut_key)
);
-- The label catalog, and which conversations carry which label (for the filter); the
-- conversation's own column keeps its labels in order (space-separated) to read with the row.
CREATE TABLE labels (
  name TEXT PRIMARY KEY,
  color TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE conversation_labels (
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  label TEXT NOT NULL REFERENCES labels(name),
  PRIMARY KEY (conversation_id, label)
);
CREATE INDEX conversation_labels_by_label ON conversation_labels(label, conversation_id);
ALTER TABLE conversations ADD COLUMN labels TEXT NOT NULL DEFAULT '';
