-- A LINE customer's language, from their profile (a BCP 47 tag such as zh-TW or en): notices
-- written in both product languages reach them in theirs.
ALTER TABLE line_contacts ADD COLUMN language TEXT;
