-- System notices rendered by their event (each reader in their own language): what a notice
-- says beyond its event (core::NoticeDetails). A notice's text is now one neutral text.
ALTER TABLE messages ADD COLUMN notice_queue_position INTEGER;
ALTER TABLE messages ADD COLUMN notice_closed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN notice_next_open_at TEXT;
ALTER TABLE messages ADD COLUMN notice_time_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN notice_custom_text INTEGER NOT NULL DEFAULT 0;
-- Notices stored before held "中文\nEnglish": recover what readers need to render them from the
-- event (the place in the queue, a closed notice) and keep an assistant's own offline message
-- as written. Their next opening is not recoverable; they render without it.
UPDATE messages SET notice_queue_position = CAST(substr(text, instr(text, '排在第 ') + 4) AS INTEGER)
  WHERE sender = 'system' AND event = 'handoff_requested' AND instr(text, '排在第 ') > 0;
UPDATE messages SET notice_closed = 1
  WHERE sender = 'system' AND event = 'no_agents_online' AND text LIKE '目前為非營業時間%';
UPDATE messages SET notice_custom_text = 1
  WHERE sender = 'system' AND event = 'no_agents_online' AND text NOT LIKE '目前為非營業時間%'
    AND text NOT LIKE '目前沒有客服人員在線%';
