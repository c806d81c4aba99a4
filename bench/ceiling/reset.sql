-- Between pgbench runs: the same empty tables and untouched counters for every run.
truncate reservation, booking, outbox_event;
update vaccine set reserved = 0;
vacuum analyze vaccine;
