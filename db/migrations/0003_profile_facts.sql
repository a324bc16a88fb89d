-- Eligibility profile: answers a user agreed to let us keep, and that agreement.
-- Facts are stored only while profile_consent.granted = 1 (the repository checks it in
-- the same statement). Both tables cascade from users, so /forget removes every row.

CREATE TABLE profile_consent (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
    wording TEXT NOT NULL,
    decided_at TEXT NOT NULL
);

CREATE TABLE profile_facts (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    fact TEXT NOT NULL,
    value TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (user_id, fact)
);
