-- Vaccines 1..10 share the spread load; vaccine 11 is the hot one. Stock so large that none sells out in a run.
insert into vaccine (name, stock) select 'ceiling-' || g, 2000000000 from generate_series(1, 11) g;
