-- The staff console (bot/web): staff accounts, and the counts behind its insight charts.
-- Nothing here is about a bot user: no user ids, no channel ids.

-- A staff member signs in with a name and a password (an Argon2 hash). `staff add` stores
-- only the SHA-256 of the one-time setup link's token; the token itself is printed once.
-- session_version is part of every session cookie: bumping it (disable, new password)
-- ends every session of that account at once.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    setup_token_hash TEXT,
    setup_expires TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    session_version INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX staff_setup_token ON staff (setup_token_hash);

-- Counters per day and channel (turns, flows started and finished, …): aggregates only.
CREATE TABLE usage_counts (
    day TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL DEFAULT '',
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, channel, kind, key)
);

-- What users typed that the bot did not understand, so staff can add phrases: the text
-- only (cut short, digit runs masked), never who typed it.
CREATE TABLE unknown_phrases (
    text TEXT PRIMARY KEY,
    count INTEGER NOT NULL DEFAULT 0,
    last_day TEXT NOT NULL
);

CREATE INDEX unknown_phrases_last_day ON unknown_phrases (last_day);
