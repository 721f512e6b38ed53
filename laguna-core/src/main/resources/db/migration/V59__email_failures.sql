-- E-mails that hermes gave up on because the mail server refused them for good (a 5xx answer to
-- the recipient or to the message, or an address that is not one): recorded here and skipped, so
-- that a bad address never holds back the events after it. Kept as long as the history.
create table email_failures (
    id          bigserial     primary key,
    message_id  bigint        not null,
    event_type  varchar(256)  not null,
    recipient   varchar(255)  not null,
    error       varchar(1000) not null,
    failed_at   timestamptz   not null
);
create index email_failures_failed_idx on email_failures (failed_at);
