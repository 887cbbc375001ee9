-- Reports (team operations §4.10) read a range of the event log with the whole episodes its
-- events belong to, and the messages of a range (conversations, AI answers, reply times).
CREATE INDEX conversation_events_by_episode ON conversation_events(episode_id);
CREATE INDEX messages_by_time ON messages(created_at);
