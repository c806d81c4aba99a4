-- Transactional outbox: written in the same transaction as the state change, relayed to Kafka, then deleted.
create table outbox_event (
    seq          bigserial primary key,
    id           uuid         not null unique,
    aggregate_id varchar(100) not null,
    type         varchar(100) not null,
    payload      text         not null,
    created_at   timestamptz  not null default now()
);

-- Idempotent inbox: the ids of the events this function has already applied.
create table processed_event (
    id           uuid primary key,
    type         varchar(100) not null,
    processed_at timestamptz  not null default now()
);
