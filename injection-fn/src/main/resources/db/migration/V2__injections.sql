-- The injection worklist, one row per booking, built from booking events.
-- A row may be a tombstone: a cancellation that arrived before (or without) a confirmation; confirmed_at is then null.
create table injection (
    booking_id   uuid         primary key,
    seq          bigserial    not null unique,
    customer_id  varchar(100) not null,
    vaccine_id   bigint       not null,
    status       varchar(20)  not null,
    -- The booking's version from the last event applied: older events change nothing.
    version      integer      not null,
    confirmed_at timestamptz,
    injected_at  timestamptz,
    constraint injection_status_known check (status in ('READY', 'INJECTED', 'CANCELLED')),
    constraint injection_injected_has_time check ((status = 'INJECTED') = (injected_at is not null))
);

create index injection_worklist_idx on injection (status, confirmed_at, seq);
