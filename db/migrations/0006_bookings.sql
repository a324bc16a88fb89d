-- Interview-suit rental bookings, the waitlist for full slots.
-- Seat capacity and the yearly limit are enforced by db/bookings.py inside one write
-- transaction (BEGIN IMMEDIATE); the unique index below is a second guard against two
-- live bookings of one user on one day. Times are Asia/Seoul, written 'YYYY-MM-DD HH:MM'.

CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    shop_id TEXT NOT NULL,
    slot_start TEXT NOT NULL,
    day TEXT NOT NULL,
    rental_year INTEGER NOT NULL,
    return_date TEXT NOT NULL,
    items TEXT NOT NULL DEFAULT '[]',
    interview_date TEXT,
    company TEXT,
    basis TEXT CHECK (basis IN ('live', 'study', 'work')),
    status TEXT NOT NULL DEFAULT 'booked'
        CHECK (status IN ('booked', 'picked_up', 'returned', 'no_show', 'cancelled')),
    revision INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    cancelled_at TEXT
);

CREATE INDEX bookings_slot ON bookings (shop_id, slot_start, status);
CREATE INDEX bookings_user_year ON bookings (user_id, rental_year, status);
CREATE INDEX bookings_day ON bookings (day, shop_id);
CREATE UNIQUE INDEX bookings_one_live_per_day ON bookings (user_id, day)
    WHERE status <> 'cancelled';

-- A user waiting for a seat in a full slot. When a seat frees up, the first waiting user
-- gets an offer that holds the seat until offer_expires_at; then the next one.
CREATE TABLE booking_waitlist (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    shop_id TEXT NOT NULL,
    slot_start TEXT NOT NULL,
    draft TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'waiting'
        CHECK (status IN ('waiting', 'offered', 'accepted', 'expired', 'cancelled')),
    created_at TEXT NOT NULL,
    offered_at TEXT,
    offer_expires_at TEXT,
    booking_id INTEGER REFERENCES bookings (id) ON DELETE SET NULL
);

CREATE INDEX booking_waitlist_slot ON booking_waitlist (shop_id, slot_start, status, id);
CREATE UNIQUE INDEX booking_waitlist_one_live ON booking_waitlist (user_id, shop_id, slot_start)
    WHERE status IN ('waiting', 'offered');
