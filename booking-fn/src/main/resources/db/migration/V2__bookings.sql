create table booking (
    id              uuid         primary key,
    seq             bigserial    not null unique,
    customer_id     varchar(100) not null,
    vaccine_id      bigint       not null,
    status          varchar(20)  not null,
    version         integer      not null default 1,
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now(),
    constraint booking_status_known check (status in ('PENDING', 'BOOKED', 'WAITING', 'CANCELLED', 'INJECTED'))
);

-- One active booking per customer. PENDING is a booking whose stock check is still running.
create unique index booking_one_active_per_customer on booking (customer_id)
    where status in ('PENDING', 'BOOKED', 'WAITING');
create index booking_customer_idx on booking (customer_id, seq desc);
create index booking_waitlist_idx on booking (vaccine_id, seq) where status = 'WAITING';

-- The first answer to each Idempotency-Key; response_status is null while that first request is still running.
create table idempotency_record (
    key             varchar(200) primary key,
    customer_id     varchar(100) not null,
    vaccine_id      bigint       not null,
    booking_id      uuid         not null,
    response_status integer,
    response_body   text,
    created_at      timestamptz  not null default now()
);
