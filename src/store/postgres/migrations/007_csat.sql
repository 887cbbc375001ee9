-- Customer satisfaction surveys (team operations §4.8): see the SQLite store's 014_csat.sql.
ALTER TABLE assistants ADD COLUMN csat_enabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE assistants ADD COLUMN csat_question TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN notice_survey_id TEXT;
ALTER TABLE messages ADD COLUMN notice_csat_score INTEGER;
ALTER TABLE messages ADD COLUMN notice_csat_comment TEXT;
CREATE TABLE csat_surveys (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  episode_id TEXT NOT NULL,
  agent_id TEXT REFERENCES agents(id),
  channel TEXT NOT NULL,
  message_id TEXT NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  score INTEGER,
  comment TEXT,
  submitted_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX csat_surveys_one_per_episode ON csat_surveys(conversation_id, episode_id);
