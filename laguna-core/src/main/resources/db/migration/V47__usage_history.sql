-- Snapshots of the usage counters, taken by the usage-history daemon (Rucio's abacus keeps the
-- same history): what GET /rses/{rse}/usage/history and /accounts/{a}/usage/history/{rse} list.
create table rse_usage_history (
    rse_id     uuid         not null references rses (id) on delete cascade,
    source     varchar(255) not null,
    used       bigint,
    free       bigint,
    files      bigint,
    updated_at timestamptz  not null,
    primary key (rse_id, source, updated_at)
);

create table account_usage_history (
    account    varchar(29) not null references accounts (account) on delete cascade,
    rse_id     uuid        not null references rses (id) on delete cascade,
    files      bigint      not null,
    bytes      bigint      not null,
    updated_at timestamptz not null,
    primary key (account, rse_id, updated_at)
);
