-- The push outbox: one row per message to push to one user. The dedupe key makes a second
-- enqueue of the same item a no-op, so nothing is ever sent twice (job alerts, digests,
-- booking reminders all go through here). The dispatcher claims due rows atomically.

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'claimed', 'sent', 'failed', 'dropped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT NOT NULL,
    claimed_by TEXT,
    claimed_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (user_id, dedupe_key)
);

CREATE INDEX outbox_due ON outbox (status, not_before);
