-- Booking modes (docs/booking.md): a lending point in 'request' mode takes a booking as a
-- request that staff confirm or decline; the seat is held while it is pending. The row's
-- status (booked, picked_up, ...) keeps its meaning; `confirmation` says whether the
-- lending point has agreed. Rows written before this migration were confirmed at once
-- (the only mode there was), so they load as 'confirmed'.
--   pending    asked, seat held, no reminders yet
--   confirmed  booked through a 'direct' point, or confirmed by staff (reminders queued)
--   declined   staff said no (status 'cancelled': the seat is free again)
--   expired    nobody answered before the cut-off (status 'cancelled' too)
-- decision_note: the reason staff gave when declining (shown to the user; cleared by the
-- retention pass together with company and interview_date).

ALTER TABLE bookings ADD COLUMN confirmation TEXT NOT NULL DEFAULT 'confirmed'
    CHECK (confirmation IN ('pending', 'confirmed', 'declined', 'expired'));

ALTER TABLE bookings ADD COLUMN decided_at TEXT;

ALTER TABLE bookings ADD COLUMN decision_note TEXT;

CREATE INDEX bookings_pending ON bookings (confirmation, slot_start)
    WHERE confirmation = 'pending';
