-- OIDC logins through Laguna (Rucio's /auth/oidc routes). A pending login lives in oidc_login_sessions
-- from /auth/oidc until the client fetched its token or the session expired; state and the client's
-- polling key (or fetch code) are stored as SHA-256 hashes only. An authorized login holds the account and
-- identity until the client fetches its token, so no Laguna token is ever stored in clear.
create table oidc_login_sessions (
    state_hash         varchar(64)   primary key,
    access_hash        varchar(64)   not null unique,
    polling            boolean       not null,
    direct             boolean       not null default false,
    account            varchar(29),
    vo                 varchar(3)    not null,
    issuer_name        varchar(255)  not null,
    nonce              varchar(128)  not null,
    code_verifier      varchar(128)  not null,
    redirect_uri       varchar(2048) not null,
    auth_url           varchar(4096) not null,
    refresh_lifetime_seconds bigint not null,
    ip                 varchar(64),
    code_used          boolean       not null default false,
    device_code_enc    bytea,
    authorized_account varchar(29),
    authorized_identity varchar(2048),
    refresh_token_enc  bytea,
    refresh_expires_at timestamptz,
    created_at         timestamptz   not null default now(),
    expired_at         timestamptz   not null
);
create index oidc_login_sessions_expired_at_idx on oidc_login_sessions (expired_at);

-- The provider's refresh token behind a Laguna token issued by an OIDC login, encrypted with the
-- server's key (AES-GCM); /auth/oidc_refresh trades it for a new one and moves it to the new token.
create table oidc_refresh_grants (
    token_hash         varchar(64)   primary key,
    account            varchar(29)   not null references accounts (account) on delete cascade,
    identity           varchar(2048) not null,
    issuer_name        varchar(255)  not null,
    refresh_token_enc  bytea         not null,
    refresh_start      timestamptz   not null,
    refresh_until      timestamptz   not null,
    expired_at         timestamptz   not null
);
create index oidc_refresh_grants_expired_at_idx on oidc_refresh_grants (expired_at);
