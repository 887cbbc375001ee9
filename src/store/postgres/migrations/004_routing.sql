-- Routing and capacity (team operations §4.1): see the SQLite store's 011_routing.sql.
ALTER TABLE agents ADD COLUMN max_concurrent INTEGER;
ALTER TABLE agents ADD COLUMN assistant_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE agents ADD COLUMN last_assigned_at TIMESTAMPTZ;
ALTER TABLE assistants ADD COLUMN routing_mode TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE assistants ADD COLUMN default_capacity INTEGER;
ALTER TABLE assistants ADD COLUMN requeue_after_s INTEGER NOT NULL DEFAULT 120;
ALTER TABLE assistants ADD COLUMN route_after_hours BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE assistants ADD COLUMN business_hours TEXT NOT NULL DEFAULT '';
CREATE INDEX conversations_live_by_agent ON conversations(assigned_agent_id) WHERE status = 'live';
