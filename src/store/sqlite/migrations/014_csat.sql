-- Customer satisfaction surveys (team operations §4.8): an assistant's settings, one survey per
-- episode closed by an agent's Done, and the survey's notice showing its id and, once rated,
-- the score (so that every reader of the history sees it answered).
ALTER TABLE assistants ADD COLUMN csat_enabled INTEGER NOT NULL DEFAULT 0;
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
  requested_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  score INTEGER,
  comment TEXT,
  submitted_at TEXT
);
CREATE UNIQUE INDEX csat_surveys_one_per_episode ON csat_surveys(conversation_id, episode_id);
