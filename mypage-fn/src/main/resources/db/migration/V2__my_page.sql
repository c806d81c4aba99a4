-- My Page: a read model built only from events.

-- Vaccine names, from VaccineRegistered; joined in at read time, so a name that arrives late still shows.
create table vaccine_name (
    vaccine_id bigint       primary key,
    name       varchar(100) not null
);

-- Each booking's latest known status. version is the booking's version from the last booking event applied;
-- an older event never overwrites a newer state, and INJECTED is final.
create table customer_booking (
    booking_id  uuid         primary key,
    customer_id varchar(100) not null,
    vaccine_id  bigint       not null,
    status      varchar(20)  not null,
    version     integer      not null,
    -- The earliest event time seen for the booking: about when it was made, for newest-first order.
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    constraint customer_booking_status_known check (status in ('BOOKED', 'WAITING', 'CANCELLED', 'INJECTED'))
);
create index customer_booking_customer_idx on customer_booking (customer_id, created_at desc);

-- One notification per event; the message is written at read time from kind and vaccine name.
create table notification (
    event_id    uuid         primary key,
    seq         bigserial    not null unique,
    customer_id varchar(100) not null,
    booking_id  uuid         not null,
    vaccine_id  bigint       not null,
    kind        varchar(20)  not null,
    at          timestamptz  not null,
    constraint notification_kind_known check (kind in ('CONFIRMED', 'PROMOTED', 'WAITLISTED', 'CANCELLED', 'INJECTED'))
);
create index notification_customer_idx on notification (customer_id, at, seq);
