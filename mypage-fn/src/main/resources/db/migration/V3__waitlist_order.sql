-- The place in line (issue 10). waitlist_order is booking-fn's waitlist order of the booking (its seq, carried by
-- BookingWaitlisted as waitlistOrder); smaller is earlier in line. Events from before it was carried leave it null,
-- and such bookings are placed by created_at instead (MyPageService).
alter table customer_booking add column waitlist_order bigint;

-- A waiter's position counts the WAITING bookings of the same vaccine ahead of it.
create index customer_booking_waitlist_idx on customer_booking (vaccine_id, waitlist_order, created_at)
    where status = 'WAITING';
