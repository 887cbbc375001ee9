-- Reports (team operations §4.10) read a range of the event log with the whole episodes its
-- events belong to, and the messages of a range (conversations, AI answers, reply times).
CREATE INDEX conversation_events_by_episode ON conversation_events(episode_id);
CREATE INDEX messages_by_time ON messages(created_at);
-- Presence history for available time and utilization: each minute, every node writes one row
-- per agent available then (the first row of an (agent, minute) is kept).
CREATE TABLE agent_availability (
  agent_id TEXT NOT NULL,
  minute TIMESTAMPTZ NOT NULL,
  live_count INTEGER NOT NULL,
  capacity INTEGER,
  PRIMARY KEY (agent_id, minute)
);
CREATE INDEX agent_availability_by_minute ON agent_availability(minute);
