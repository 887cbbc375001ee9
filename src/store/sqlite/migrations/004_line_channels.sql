-- An assistant's LINE Official Account: the channel secret (checks webhook signatures) and the
-- channel access token (calls the Messaging API). Never returned by the API, never logged.
CREATE TABLE line_channels (
  assistant_id TEXT PRIMARY KEY REFERENCES assistants(id),
  channel_secret TEXT NOT NULL,
  channel_access_token TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
