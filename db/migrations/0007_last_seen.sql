-- The day (Asia/Seoul, 'YYYY-MM-DD') a user last talked to the bot: the retention job
-- (db/retention.py) deletes what is kept about users silent for GOYANG_BOT_RETENTION_DAYS.
-- Written at most once a day per user. Existing users count as seen on the day this
-- migration runs: nothing older is known, and guessing older would delete too early.

ALTER TABLE users ADD COLUMN last_seen TEXT;

UPDATE users SET last_seen = date('now');

CREATE INDEX users_last_seen ON users (last_seen);
