-- Failed logins, shared by every API process on the database. One row per throttled subject: a
-- username ('user:<name>') or a client address ('addr:<address>'). A row counts the failures since
-- the last success (reset when the last failure is older than the failure window) and, once the
-- count reaches its limit, when the subject may try again. A success or 'laguna admin unlock-login'
-- removes a row; rows whose last failure is older than the window and the longest lock-out are
-- removed in small batches as new failures come in (by last_failure_at).
create table login_failures (
    subject         varchar(2100) primary key,
    failures        integer       not null,
    last_failure_at timestamptz   not null,
    locked_until    timestamptz
);
create index login_failures_last_failure_at_idx on login_failures (last_failure_at);

-- Revoking the tokens of one account (suspension, deletion, identity removal) looks them up by account.
create index tokens_account_idx on tokens (account);
