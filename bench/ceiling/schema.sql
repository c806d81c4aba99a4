-- The pgbench ceiling runs in a scratch database (bench_ceiling) on the same PostgreSQL server as the system,
-- because pgbench talks to one database per run. Its tables are not copied here: bench.py drops them with this
-- file and then applies the functions' own Flyway migrations (see MIGRATIONS in bench.py), so they cannot drift.
drop table if exists reservation, vaccine, booking, idempotency_record, outbox_event, processed_event cascade;
