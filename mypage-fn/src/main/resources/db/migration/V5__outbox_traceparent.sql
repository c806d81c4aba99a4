-- The trace context (W3C traceparent) of the transaction that wrote the event, so that the relay sends the record in
-- the same trace and its consumers continue it. Null when tracing is off.
alter table outbox_event add column traceparent varchar(55);
