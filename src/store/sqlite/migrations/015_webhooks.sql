-- Outgoing webhooks (team operations §4.11): the endpoints admins register, and the durable
-- outbox of their deliveries, written in the same transaction as the change each tells of.
-- `events` holds the subscribed type names, space-separated ("*" for all).
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  assistant_id TEXT REFERENCES assistants(id),
  description TEXT NOT NULL DEFAULT '',
  secret TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT NOT NULL DEFAULT '',  -- '' | admin | gone | failing
  failing_since TEXT,                        -- the first failure since the last success
  timeout_seconds INTEGER NOT NULL DEFAULT 5,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- One row per event per endpoint; `event_id` is the webhook-id header, the same on every try.
-- No foreign key to webhooks: deleting an endpoint deletes its rows in the same transaction.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  webhook_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,                      -- pending | ok | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status_code INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  next_attempt_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(webhook_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries(webhook_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries(updated_at) WHERE status <> 'pending';
