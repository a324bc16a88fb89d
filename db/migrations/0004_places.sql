-- Places imported by staff from a spreadsheet (goyang-bot places import FILE.csv).
-- The places shipped with the content (content/data/places/places.yaml) are not stored
-- here; the bot shows both, an imported place replacing a shipped one with the same id.
-- No personal data: places are public facilities and cafés.
--
-- data holds the whole validated place as JSON (the same fields as the YAML file); the
-- other columns are copies for listing and filtering in SQL. A re-import of an unchanged
-- row changes nothing (same data, no new revision).

CREATE TABLE places (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX places_kind ON places (kind);

-- One row; the revision grows with every import that changed something, so a running bot
-- reloads its in-memory search index only when there is something new.
CREATE TABLE places_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL,
    changed_at TEXT
);

INSERT INTO places_revision (id, revision, changed_at) VALUES (1, 0, NULL);
