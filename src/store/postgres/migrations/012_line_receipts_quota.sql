-- LINE read receipts, first notices in the customer's language, and the pushes Baton counts.
-- The markAsReadToken of a contact's newest unread message (one read receipt marks it and every
-- earlier one read), and the token a mark_read task sends.
ALTER TABLE line_contacts ADD COLUMN read_token TEXT;
ALTER TABLE line_outbox ADD COLUMN read_token TEXT;
-- A message to a customer whose language is unknown waits for the profile fetch until then.
ALTER TABLE line_outbox ADD COLUMN profile_wait_until TIMESTAMPTZ;
-- Pushes count against the account's monthly message quota (replies are free): Baton's own
-- count per assistant and month (YYYY-MM, UTC), shown beside LINE's figures.
CREATE TABLE line_push_counts (
  assistant_id TEXT NOT NULL,
  month TEXT NOT NULL,
  pushes BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (assistant_id, month)
);
