-- Routing and capacity (team operations §4.1): an agent's capacity, the assistants they serve
-- (space-separated ids; empty: all) and when they were last assigned (the pick's tie-break); an
-- assistant's routing settings and business hours (core/business_hours.hpp's text form).
ALTER TABLE agents ADD COLUMN max_concurrent INTEGER;
ALTER TABLE agents ADD COLUMN assistant_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE agents ADD COLUMN last_assigned_at TEXT;
ALTER TABLE assistants ADD COLUMN routing_mode TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE assistants ADD COLUMN default_capacity INTEGER;
ALTER TABLE assistants ADD COLUMN requeue_after_s INTEGER NOT NULL DEFAULT 120;
ALTER TABLE assistants ADD COLUMN route_after_hours INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assistants ADD COLUMN business_hours TEXT NOT NULL DEFAULT '';
-- Each agent's live load, counted on every claim and assignment.
CREATE INDEX conversations_live_by_agent ON conversations(assigned_agent_id) WHERE status = 'live';
