-- The notifier's email (V3 belongs to the waitlist positions).

-- A customer's choices: emails on or off, and the language of the mails (null: not chosen, the account's locale then
-- decides). No row means the defaults: emails on, language not chosen.
create table customer_settings (
    customer_id varchar(100) primary key,
    emails      boolean      not null,
    language    varchar(2),
    constraint customer_settings_language_known check (language in ('en', 'ko'))
);

-- The mail outbox: one row per notification that is to be mailed, written in the notification's transaction and
-- keyed by its event id, so a redelivered event can never queue a second mail. The sender takes due PENDING rows
-- (for update skip locked), and marks each SENT, or UNDELIVERABLE with a reason (no such account, no address), or
-- OPTED_OUT (emails turned off before it went). A failed send stays PENDING with one more attempt and a later
-- next_attempt_at (backoff): it is never dropped.
create table mail_outbox (
    -- Deferred: the notification and its mail row are written in one transaction, in whatever order ORM flushes them.
    event_id        uuid         primary key references notification (event_id) deferrable initially deferred,
    customer_id     varchar(100) not null,
    status          varchar(20)  not null default 'PENDING',
    attempts        integer      not null default 0,
    created_at      timestamptz  not null default now(),
    next_attempt_at timestamptz  not null default now(),
    sent_at         timestamptz,
    recipient       varchar(320),
    language        varchar(2),
    last_error      varchar(500),
    constraint mail_outbox_status_known check (status in ('PENDING', 'SENT', 'UNDELIVERABLE', 'OPTED_OUT'))
);
create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where status = 'PENDING';
