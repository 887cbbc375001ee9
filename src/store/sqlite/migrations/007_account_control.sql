-- Console users can be disabled (they keep their history but cannot sign in); a session's
-- expires_at is now its idle deadline, moved forward as it is used.
ALTER TABLE agents ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_by_agent ON sessions(agent_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
