-- Scratch copies of the four tables one booking touches, for the pgbench ceiling (bench/README.md).
-- They live in a scratch database (bench_ceiling) on the same PostgreSQL server as the system, because pgbench talks
-- to one database per run. Columns, constraints and indexes are those of the Flyway migrations:
--   vaccine, reservation          vaccine-fn/src/main/resources/db/migration/V2__vaccines_and_reservations.sql
--   booking                       booking-fn/src/main/resources/db/migration/V2__bookings.sql
--   outbox_event                  fn-common/src/main/resources/db/common/V1__outbox_and_inbox.sql
-- bench.py compares these columns with the live databases and reports any drift.
drop table if exists reservation, vaccine, booking, outbox_event;

create table vaccine (
    id         bigserial primary key,
    name       varchar(100) not null,
    stock      integer      not null,
    reserved   integer      not null default 0,
    created_at timestamptz  not null default now(),
    constraint vaccine_stock_not_negative check (stock >= 0),
    constraint vaccine_reserved_not_negative check (reserved >= 0),
    constraint vaccine_reserved_within_stock check (reserved <= stock)
);
create unique index vaccine_name_key on vaccine (lower(name));

create table reservation (
    booking_id uuid        primary key,
    vaccine_id bigint      not null references vaccine (id),
    status     varchar(20) not null,
    updated_at timestamptz not null default now(),
    constraint reservation_status_known check (status in ('RESERVED', 'RELEASED', 'ADMINISTERED'))
);
create index reservation_vaccine_idx on reservation (vaccine_id);

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
create unique index booking_one_active_per_customer on booking (customer_id)
    where status in ('PENDING', 'BOOKED', 'WAITING');
create index booking_customer_idx on booking (customer_id, seq desc);
create index booking_waitlist_idx on booking (vaccine_id, seq) where status = 'WAITING';

create table outbox_event (
    seq          bigserial primary key,
    id           uuid         not null unique,
    aggregate_id varchar(100) not null,
    type         varchar(100) not null,
    payload      text         not null,
    created_at   timestamptz  not null default now()
);

-- Vaccines 1..10 share the spread load; vaccine 11 is the hot one. Stock so large that none sells out in a run.
insert into vaccine (name, stock) select 'ceiling-' || g, 2000000000 from generate_series(1, 11) g;
