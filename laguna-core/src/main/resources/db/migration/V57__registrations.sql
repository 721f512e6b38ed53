-- Self-registration: a person holding an OIDC access token of a trusted issuer asks for an account.
-- One registration per OIDC identity; the account name it reserves is unique among the
-- registrations that are not denied. A registration is APPROVED at once, or waits (PENDING) for
-- an administrator when approval is required.
create table registrations (
    id           uuid          primary key,
    vo           varchar(3)    not null references vos (vo),
    identity     varchar(2048) not null,
    account      varchar(29)   not null,
    email        varchar(255),
    status       varchar(8)    not null check (status in ('PENDING', 'APPROVED', 'DENIED')),
    requested_at timestamptz   not null,
    decided_at   timestamptz,
    decided_by   varchar(29),
    reason       varchar(1000)
);
create unique index registrations_identity_idx on registrations (identity);
create unique index registrations_account_idx on registrations (account) where status <> 'DENIED';
create index registrations_pending_idx on registrations (requested_at) where status = 'PENDING';

-- Who accepted which version of the terms of use, and when; the text's SHA-256 says which words.
create table terms_acceptances (
    registration_id uuid          not null references registrations (id) on delete cascade,
    identity        varchar(2048) not null,
    terms_version   varchar(100)  not null,
    terms_sha256    varchar(64)   not null,
    accepted_at     timestamptz   not null,
    primary key (registration_id, terms_version)
);
