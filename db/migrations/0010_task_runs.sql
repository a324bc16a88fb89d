-- Work the bot does on a schedule of its own (the 고용24 fetch): a lease, so that one process
-- at a time runs a task (the bot, a second bot, a cron `jobs fetch`), when it may run next
-- (the schedule, or the backoff after errors), and the last result for `alerts status`.
-- No personal data: counts and error messages only.

CREATE TABLE task_runs (
    name TEXT PRIMARY KEY,
    holder TEXT,
    lease_until TEXT,
    next_run_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_started_at TEXT,
    last_finished_at TEXT,
    last_ok_at TEXT,
    last_result TEXT,
    last_error TEXT
);
