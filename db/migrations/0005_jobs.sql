-- Job postings, subscriptions and per-user alert settings (issue 5).
-- Postings are upserted by (source, source_id); a changed posting is updated in place and
-- never re-alerted (only newly inserted postings are matched). Pushes go through the outbox
-- (0002): instant alerts as one row per (user, posting) with dedupe key 'job:<posting id>',
-- daily digests as one row per (user, day) with dedupe key 'digest:<YYYY-MM-DD>'.

CREATE TABLE job_postings (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    title TEXT NOT NULL,
    company TEXT NOT NULL,
    district TEXT CHECK (district IN ('덕양구', '일산동구', '일산서구')),
    region TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    pay_type TEXT NOT NULL DEFAULT '',
    pay TEXT NOT NULL DEFAULT '',
    emp_type_code TEXT NOT NULL DEFAULT '',
    emp_type TEXT NOT NULL DEFAULT '',
    career TEXT NOT NULL DEFAULT '',
    education TEXT NOT NULL DEFAULT '',
    posted_on TEXT,
    closes_on TEXT,
    url TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (source, source_id)
);

CREATE INDEX job_postings_closes_on ON job_postings (closes_on);
CREATE INDEX job_postings_first_seen ON job_postings (first_seen_at);

CREATE TABLE job_subscriptions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    keywords TEXT NOT NULL DEFAULT '[]',
    districts TEXT NOT NULL DEFAULT '[]',
    emp_type TEXT CHECK (emp_type IN ('regular', 'contract', 'parttime')),
    career TEXT CHECK (career IN ('new', 'experienced')),
    frequency TEXT NOT NULL DEFAULT 'instant' CHECK (frequency IN ('instant', 'daily')),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX job_subscriptions_user ON job_subscriptions (user_id);

-- Times are 'HH:MM' in Asia/Seoul. Quiet hours may wrap midnight (21:00-08:00 by default);
-- equal start and end means no quiet hours.
CREATE TABLE job_alert_settings (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    digest_time TEXT NOT NULL DEFAULT '09:00',
    quiet_start TEXT NOT NULL DEFAULT '21:00',
    quiet_end TEXT NOT NULL DEFAULT '08:00',
    updated_at TEXT NOT NULL
);

-- Matches for daily subscriptions wait here until the user's digest time, then become one
-- outbox row (and are deleted) in the same transaction.
CREATE TABLE job_digest_items (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    posting_id INTEGER NOT NULL REFERENCES job_postings (id) ON DELETE CASCADE,
    subscription_id INTEGER NOT NULL REFERENCES job_subscriptions (id) ON DELETE CASCADE,
    queued_at TEXT NOT NULL,
    PRIMARY KEY (user_id, posting_id)
);

-- The dispatcher drops a blocked user's rows and re-queues stale claims by user and status.
CREATE INDEX outbox_user_status ON outbox (user_id, status);
CREATE INDEX outbox_claimed ON outbox (status, claimed_at);
