-- Replication rules, their locks and the transfer requests they need.
--
-- A rule keeps `copies` replicas of every file of a DID on RSEs matching an expression. Its
-- targets are the RSEs chosen for it: one set for the whole DID (grouping ALL), one per dataset
-- (DATASET); with grouping NONE each file's lock records its own choice. A lock is one file held
-- on one RSE by one rule: OK when the replica is there, REPLICATING while a transfer request
-- brings it, STUCK when that failed. A replica's lock_cnt counts its locks; a replica with
-- locks has no tombstone.

create table rules (
    id                        uuid          primary key,
    vo                        varchar(3)    not null references vos (vo),
    account                   varchar(29)   not null references accounts (account),
    scope                     varchar(29)   not null,
    name                      varchar(250)  not null,
    did_type                  varchar(9)    not null,
    state                     varchar(16)   not null check (state in ('REPLICATING', 'OK', 'STUCK', 'SUSPENDED', 'WAITING_APPROVAL', 'INJECT')),
    error                     varchar(255),
    rse_expression            varchar(3000) not null,
    copies                    integer       not null check (copies > 0),
    expires_at                timestamptz,
    weight                    varchar(255),
    locked                    boolean       not null default false,
    locks_ok_cnt              bigint        not null default 0,
    locks_replicating_cnt     bigint        not null default 0,
    locks_stuck_cnt           bigint        not null default 0,
    source_replica_expression varchar(3000),
    activity                  varchar(50)   not null default 'User Subscriptions',
    grouping                  varchar(7)    not null check (grouping in ('ALL', 'DATASET', 'NONE')),
    notification              varchar(8)    not null default 'NO',
    stuck_at                  timestamptz,
    purge_replicas            boolean       not null default false,
    ignore_availability       boolean       not null default false,
    ignore_account_limit      boolean       not null default false,
    priority                  integer       not null default 3,
    comments                  varchar(255),
    child_rule_id             uuid,
    eol_at                    timestamptz,
    split_container           boolean       not null default false,
    meta                      jsonb,
    subscription_id           uuid,
    version                   bigint        not null default 0,
    created_at                timestamptz   not null default now(),
    updated_at                timestamptz   not null default now(),
    foreign key (scope, name) references dids (scope, name)
);
create unique index rules_did_account_expression_copies_idx on rules (scope, name, account, rse_expression, copies);
create index rules_account_idx on rules (account);
create index rules_expires_at_idx on rules (expires_at) where expires_at is not null;
create index rules_state_idx on rules (state, updated_at) where state <> 'OK';
create index rules_child_rule_idx on rules (child_rule_id) where child_rule_id is not null;

create table rule_targets (
    rule_id uuid         not null references rules (id) on delete cascade,
    scope   varchar(29)  not null,
    name    varchar(250) not null,
    rse_id  uuid         not null references rses (id),
    primary key (rule_id, scope, name, rse_id)
);

-- A rule in state INJECT is expanded in parts, so that several injector threads and processes
-- work on one big rule at once: a dataset's files are cut into ranges of names (a part ends at
-- `upper`), a container's by a hash of the file name. Each part remembers where it stands: the
-- last (dataset scope, dataset name, file scope, file name) done.
create table rule_inject_parts (
    rule_id uuid    not null references rules (id) on delete cascade,
    part    integer not null,
    cursor  text[],
    upper   text[],
    done    boolean not null default false,
    primary key (rule_id, part)
);

-- One row per change of a rule: what it looked like after the change.
create table rules_history (
    id                    uuid          not null,
    account               varchar(29)   not null,
    scope                 varchar(29)   not null,
    name                  varchar(250)  not null,
    did_type              varchar(9)    not null,
    state                 varchar(16)   not null,
    error                 varchar(255),
    rse_expression        varchar(3000) not null,
    copies                integer       not null,
    expires_at            timestamptz,
    locked                boolean       not null,
    locks_ok_cnt          bigint        not null,
    locks_replicating_cnt bigint        not null,
    locks_stuck_cnt       bigint        not null,
    activity              varchar(50),
    grouping              varchar(7)    not null,
    created_at            timestamptz   not null,
    updated_at            timestamptz   not null
);
create index rules_history_id_idx on rules_history (id, updated_at);
create index rules_history_did_idx on rules_history (scope, name);

-- Locks and requests are written only by the rule engine, from rules and targets it has checked,
-- millions at a time: they carry no foreign keys (a per-row check would cost a third of the
-- time). A rule's locks are always released before the rule row is deleted.
create table locks (
    scope      varchar(29)  not null,
    name       varchar(250) not null,
    rse_id     uuid         not null,
    rule_id    uuid         not null,
    account    varchar(29)  not null,
    bytes      bigint       not null,
    state      varchar(11)  not null check (state in ('OK', 'REPLICATING', 'STUCK')),
    repair_cnt integer      not null default 0,
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now(),
    primary key (scope, name, rse_id, rule_id)
);
create index locks_rule_idx on locks (rule_id, state);

-- Attachments and detachments that the evaluator has still to apply to the rules above them.
create table updated_dids (
    id         bigserial    primary key,
    scope      varchar(29)  not null,
    name       varchar(250) not null,
    action     varchar(1)   not null check (action in ('A', 'D')),
    created_at timestamptz  not null default now()
);

-- Time-ordered UUIDs (milliseconds first, then random bits): new rows go to the right edge of
-- the primary key's index instead of random pages, which keeps bulk inserts of requests cheap.
-- PostgreSQL 18 has uuidv7(); older servers get the same layout from a random UUID.
do $$
begin
    if exists (select 1 from pg_proc where proname = 'uuidv7' and pronargs = 0) then
        execute 'create function ordered_uuid() returns uuid language sql volatile as ''select uuidv7()''';
    else
        execute 'create function ordered_uuid() returns uuid language sql volatile as '
            || quote_literal('select overlay(replace(gen_random_uuid()::text, ''-'', '''') placing '
            || 'lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, ''0'') from 1 for 12)::uuid');
    end if;
end
$$;

create table requests (
    id                  uuid          primary key default ordered_uuid(),
    request_type        varchar(10)   not null default 'TRANSFER',
    scope               varchar(29)   not null,
    name                varchar(250)  not null,
    dest_rse_id         uuid          not null,
    source_rse_id       uuid,
    rule_id             uuid,
    account             varchar(29),
    state               varchar(20)   not null default 'QUEUED',
    activity            varchar(50)   not null default 'User Subscriptions',
    priority            integer       not null default 3,
    bytes               bigint,
    adler32             varchar(8),
    md5                 varchar(32),
    retry_count         integer       not null default 0,
    err_msg             varchar(4000),
    external_id         varchar(64),
    external_host       varchar(256),
    transfertool        varchar(64),
    attributes          jsonb,
    previous_attempt_id uuid,
    submitted_at        timestamptz,
    started_at          timestamptz,
    transferred_at      timestamptz,
    created_at          timestamptz   not null default now(),
    updated_at          timestamptz   not null default now()
);
create unique index requests_did_dest_type_idx on requests (scope, name, dest_rse_id, request_type);
create index requests_state_idx on requests (state, dest_rse_id);

create table requests_history (
    id             uuid         not null,
    request_type   varchar(10)  not null,
    scope          varchar(29)  not null,
    name           varchar(250) not null,
    dest_rse_id    uuid         not null,
    source_rse_id  uuid,
    rule_id        uuid,
    account        varchar(29),
    state          varchar(20)  not null,
    activity       varchar(50),
    bytes          bigint,
    err_msg        varchar(4000),
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null
);
create index requests_history_did_idx on requests_history (scope, name, dest_rse_id);
