-- Core tables: who talks to the bot and where each conversation stands.
-- Every table that holds data about a user references users(id) ON DELETE CASCADE,
-- so deleting the users row (/forget) deletes everything about that user.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    channel_user_id TEXT NOT NULL,
    locale TEXT CHECK (locale IN ('ko', 'en')),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (channel, channel_user_id)
);

CREATE TABLE conversations (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    flow TEXT,
    step TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    version INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

-- What staff did (reloads, imports, exports): no personal data, no user ids.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
