-- The test application's state: what an inbox handler did, written in the handler's (the inbox's) transaction.
create table inbox_effect (
    event_id uuid        not null,
    note     varchar(100) not null
);
