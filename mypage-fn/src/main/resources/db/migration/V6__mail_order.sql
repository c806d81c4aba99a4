-- A customer's mails go in the order they were queued, also when an earlier one waits for a retry (MailSender.DUE):
-- the sender takes pending rows oldest first, and looks up a customer's earlier pending rows.
drop index mail_outbox_due_idx;
create index mail_outbox_pending_idx on mail_outbox (created_at) where status = 'PENDING';
create index mail_outbox_pending_customer_idx on mail_outbox (customer_id, created_at) where status = 'PENDING';
