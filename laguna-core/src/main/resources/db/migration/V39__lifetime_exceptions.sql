-- Lifetime exceptions (Rucio's lifetime_except): an account asks that DIDs outlive their expiry;
-- an administrator approves (A) or rejects (R) the request, which waits (W) until then. The
-- undertaker leaves alone a DID named by an approved exception that has not expired.
create table lifetime_exceptions (
    id          uuid          not null,
    scope       varchar(25)   not null,
    name        varchar(250)  not null,
    did_type    varchar(10)   not null,
    account     varchar(29)   not null references accounts (account) on delete cascade,
    pattern     varchar(255),
    comments    varchar(4000),
    state       char(1)       not null default 'W' check (state in ('A', 'R', 'W')),
    expires_at  timestamptz,
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null,
    primary key (id, scope, name, did_type, account)
);
create index lifetime_exceptions_did_idx on lifetime_exceptions (scope, name) where state = 'A';
