-- Pictures and files both ways (issue 16): a file an agent or a web customer sends is stored
-- with its message; an image also keeps a small preview (LINE's previewImageUrl, the chat's
-- thumbnail) and its size in pixels. A file past the retention is dropped and marked expired.
ALTER TABLE attachments ADD COLUMN preview BLOB;
ALTER TABLE attachments ADD COLUMN preview_type TEXT NOT NULL DEFAULT '';
ALTER TABLE attachments ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN height INTEGER NOT NULL DEFAULT 0;
-- The retention sweep reads the oldest stored files first.
CREATE INDEX attachments_by_age ON attachments(created_at) WHERE status = 'ready';
