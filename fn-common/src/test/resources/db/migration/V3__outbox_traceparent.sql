-- The test application's outbox as the functions' (their V*__outbox_traceparent.sql): the writer's trace context.
alter table outbox_event add column traceparent varchar(55);
