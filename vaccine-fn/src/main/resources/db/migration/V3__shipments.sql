-- One row per applied shipment, written in the same transaction as its stock: the primary key makes each shipment
-- apply at most once, whichever file (or how many files) bring it.
create table shipment (
    shipment_id varchar(100) primary key,
    vaccine_id  bigint       not null references vaccine (id),
    quantity    integer      not null,
    applied_at  timestamptz  not null default now(),
    constraint shipment_quantity_in_range check (quantity between 1 and 1000000)
);
create index shipment_vaccine_idx on shipment (vaccine_id);
