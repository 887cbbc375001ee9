-- An assistant may answer through an OpenAI-compatible chat-completions endpoint: its base URL,
-- the model, and the name of the environment variable that holds the API key (the key itself
-- is never stored). An empty base URL means the built-in responder only.
ALTER TABLE assistants ADD COLUMN llm_base_url TEXT NOT NULL DEFAULT '';
ALTER TABLE assistants ADD COLUMN llm_model TEXT NOT NULL DEFAULT '';
ALTER TABLE assistants ADD COLUMN llm_api_key_env TEXT NOT NULL DEFAULT '';
