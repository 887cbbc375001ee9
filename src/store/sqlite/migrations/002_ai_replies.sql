-- What an AI reply was grounded on: the knowledge entry (NULL for a fallback or a reply of
-- another kind) and whether it was the fallback ("I do not know"). Teaching ("Improve answer")
-- and the fallback streak that offers a person read them.
ALTER TABLE messages ADD COLUMN knowledge_id TEXT;
ALTER TABLE messages ADD COLUMN ai_fallback INTEGER NOT NULL DEFAULT 0;
