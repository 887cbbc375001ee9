-- Every change to a conversation (its state, its contact, a new message) bumps its version, and
-- every conversation.updated carries it: a client keeps the copy with the highest version, so an
-- answer and a frame that cross on the way can never put an older copy back.
ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
