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

-- One row per booking that holds (or held) a dose: the primary key makes reserving idempotent per booking.
create table reservation (
    booking_id uuid        primary key,
    vaccine_id bigint      not null references vaccine (id),
    status     varchar(20) not null,
    updated_at timestamptz not null default now(),
    constraint reservation_status_known check (status in ('RESERVED', 'RELEASED', 'ADMINISTERED'))
);
create index reservation_vaccine_idx on reservation (vaccine_id);
