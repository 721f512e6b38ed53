-- The audit log: who changed what, how, from where, and with which outcome (docs/security.md).
create table audit_log (
    id             bigint generated always as identity primary key,
    created_at     timestamptz not null default now(),
    account        text,
    identity       text,
    auth_method    text,
    vo             text,
    client_address text,
    action         text        not null,
    target         text,
    outcome        text        not null,
    request_id     text,
    request        text,
    detail         text
);
-- Listings go by time, an account's own listing by account then time; the cleaner deletes by time.
create index audit_log_created_at_idx on audit_log (created_at);
create index audit_log_account_idx on audit_log (account, created_at);

-- How a token was obtained (userpass, x509, ...), so that the audit log can say how a caller authenticated.
alter table tokens add column auth_method text;
