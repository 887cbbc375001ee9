-- System notices rendered by their event: see the SQLite store's 012_notice_details.sql.
ALTER TABLE messages ADD COLUMN notice_queue_position INTEGER;
ALTER TABLE messages ADD COLUMN notice_closed BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE messages ADD COLUMN notice_next_open_at TIMESTAMPTZ;
ALTER TABLE messages ADD COLUMN notice_time_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN notice_custom_text BOOLEAN NOT NULL DEFAULT false;
UPDATE messages SET notice_queue_position = substring(text from '排在第 ([0-9]+) 位')::integer
  WHERE sender = 'system' AND event = 'handoff_requested' AND text LIKE '%排在第 %';
UPDATE messages SET notice_closed = true
  WHERE sender = 'system' AND event = 'no_agents_online' AND text LIKE '目前為非營業時間%';
UPDATE messages SET notice_custom_text = true
  WHERE sender = 'system' AND event = 'no_agents_online' AND text NOT LIKE '目前為非營業時間%'
    AND text NOT LIKE '目前沒有客服人員在線%';
