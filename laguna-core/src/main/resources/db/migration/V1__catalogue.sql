-- Laguna catalogue: accounts, identities, tokens, scopes, DIDs, RSEs and replicas.
-- Names of accounts and scopes are stored in their internal form: the plain name for the
-- default VO ('def'), 'name@vo' for any other VO, so that the schema is multi-VO ready.

create table vos (
    vo          varchar(3)   primary key,
    description varchar(255),
    email       varchar(255),
    created_at  timestamptz  not null default now()
);
insert into vos (vo, description) values ('def', 'default VO');

create table accounts (
    account      varchar(29)  primary key,
    vo           varchar(3)   not null references vos (vo),
    account_type varchar(8)   not null check (account_type in ('USER', 'GROUP', 'SERVICE')),
    status       varchar(9)   not null default 'ACTIVE' check (status in ('ACTIVE', 'SUSPENDED', 'DELETED')),
    email        varchar(255),
    suspended_at timestamptz,
    deleted_at   timestamptz,
    created_at   timestamptz  not null default now(),
    updated_at   timestamptz  not null default now()
);

create table account_attrs (
    account    varchar(29)  not null references accounts (account) on delete cascade,
    key        varchar(255) not null,
    value      jsonb        not null,
    created_at timestamptz  not null default now(),
    primary key (account, key)
);

create table identities (
    identity      varchar(2048) not null,
    identity_type varchar(8)    not null check (identity_type in ('X509', 'GSS', 'USERPASS', 'SSH', 'SAML', 'OIDC')),
    username      varchar(255),
    password_hash varchar(255),
    email         varchar(255),
    deleted       boolean       not null default false,
    created_at    timestamptz   not null default now(),
    primary key (identity, identity_type)
);

create table account_map (
    identity      varchar(2048) not null,
    identity_type varchar(8)    not null,
    account       varchar(29)   not null references accounts (account) on delete cascade,
    is_default    boolean       not null default false,
    created_at    timestamptz   not null default now(),
    primary key (identity, identity_type, account),
    foreign key (identity, identity_type) references identities (identity, identity_type) on delete cascade
);
create index account_map_account_idx on account_map (account);

create table tokens (
    token_hash varchar(64)   primary key,
    account    varchar(29)   not null references accounts (account) on delete cascade,
    identity   varchar(2048),
    expired_at timestamptz   not null,
    ip         varchar(64),
    created_at timestamptz   not null default now()
);
create index tokens_expired_at_idx on tokens (expired_at);

create table scopes (
    scope      varchar(29)  primary key,
    vo         varchar(3)   not null references vos (vo),
    account    varchar(29)  not null references accounts (account),
    is_default boolean      not null default false,
    status     varchar(7)   not null default 'OPEN' check (status in ('OPEN', 'CLOSED', 'DELETED')),
    closed_at  timestamptz,
    deleted_at timestamptz,
    created_at timestamptz  not null default now()
);
create index scopes_account_idx on scopes (account);

-- Data identifiers. Fixed metadata columns follow Rucio's column plugin; any other key lives in meta.
create table dids (
    scope        varchar(29)  not null references scopes (scope),
    name         varchar(250) not null,
    did_type     varchar(9)   not null check (did_type in ('FILE', 'DATASET', 'CONTAINER')),
    account      varchar(29)  not null references accounts (account),
    is_open      boolean,
    monotonic    boolean      not null default false,
    hidden       boolean      not null default false,
    obsolete     boolean      not null default false,
    complete     boolean,
    is_new       boolean      not null default true,
    availability varchar(11)  not null default 'AVAILABLE',
    suppressed   boolean      not null default false,
    bytes        bigint,
    length       bigint,
    md5          varchar(32),
    adler32      varchar(8),
    guid         uuid,
    events       bigint,
    project      varchar(50),
    datatype     varchar(50),
    run_number   bigint,
    stream_name  varchar(70),
    prod_step    varchar(50),
    version      varchar(50),
    campaign     varchar(50),
    task_id      bigint,
    panda_id     bigint,
    lumiblocknr  bigint,
    provenance   varchar(2),
    phys_group   varchar(25),
    transient    boolean,
    meta         jsonb        not null default '{}'::jsonb,
    expired_at   timestamptz,
    eol_at       timestamptz,
    closed_at    timestamptz,
    accessed_at  timestamptz,
    access_cnt   bigint,
    created_at   timestamptz  not null default now(),
    updated_at   timestamptz  not null default now(),
    primary key (scope, name)
);
create index dids_expired_at_idx on dids (expired_at) where expired_at is not null;
create index dids_guid_idx on dids (guid) where guid is not null;
create index dids_new_idx on dids (created_at) where is_new;
create index dids_meta_idx on dids using gin (meta jsonb_path_ops);
create index dids_type_idx on dids (scope, did_type);

create table contents (
    scope       varchar(29)  not null,
    name        varchar(250) not null,
    child_scope varchar(29)  not null,
    child_name  varchar(250) not null,
    did_type    varchar(9)   not null,
    child_type  varchar(9)   not null,
    bytes       bigint,
    adler32     varchar(8),
    md5         varchar(32),
    rule_evaluation boolean,
    created_at  timestamptz  not null default now(),
    primary key (scope, name, child_scope, child_name),
    foreign key (scope, name) references dids (scope, name) on delete cascade,
    foreign key (child_scope, child_name) references dids (scope, name) on delete cascade
);
create index contents_child_idx on contents (child_scope, child_name);

create table contents_history (
    scope       varchar(29)  not null,
    name        varchar(250) not null,
    child_scope varchar(29)  not null,
    child_name  varchar(250) not null,
    did_type    varchar(9)   not null,
    child_type  varchar(9)   not null,
    bytes       bigint,
    adler32     varchar(8),
    md5         varchar(32),
    deleted_at  timestamptz  not null default now()
);
create index contents_history_idx on contents_history (scope, name);

-- Storage elements.
create table rses (
    id                  uuid         primary key,
    vo                  varchar(3)   not null references vos (vo),
    rse                 varchar(255) not null,
    rse_type            varchar(4)   not null default 'DISK' check (rse_type in ('DISK', 'TAPE')),
    deterministic       boolean      not null default true,
    volatile            boolean      not null default false,
    staging_area        boolean      not null default false,
    city                varchar(255),
    region_code         varchar(2),
    country_name        varchar(255),
    continent           varchar(2),
    time_zone           varchar(255),
    isp                 varchar(255),
    asn                 varchar(255),
    longitude           double precision,
    latitude            double precision,
    availability_read   boolean      not null default true,
    availability_write  boolean      not null default true,
    availability_delete boolean      not null default true,
    qos_class           varchar(64),
    deleted             boolean      not null default false,
    deleted_at          timestamptz,
    created_at          timestamptz  not null default now(),
    updated_at          timestamptz  not null default now()
);
create unique index rses_name_idx on rses (vo, rse) where not deleted;

create table rse_attrs (
    rse_id     uuid         not null references rses (id) on delete cascade,
    key        varchar(255) not null,
    value      jsonb        not null,
    created_at timestamptz  not null default now(),
    primary key (rse_id, key)
);
create index rse_attrs_key_idx on rse_attrs (key);

create table rse_protocols (
    rse_id                 uuid          not null references rses (id) on delete cascade,
    scheme                 varchar(255)  not null,
    hostname               varchar(255)  not null default '',
    port                   integer       not null default 0,
    prefix                 varchar(1024),
    impl                   varchar(255)  not null,
    read_lan               integer       not null default 0,
    write_lan              integer       not null default 0,
    delete_lan             integer       not null default 0,
    read_wan               integer       not null default 0,
    write_wan              integer       not null default 0,
    delete_wan             integer       not null default 0,
    third_party_copy_read  integer       not null default 0,
    third_party_copy_write integer       not null default 0,
    extended_attributes    jsonb,
    created_at             timestamptz   not null default now(),
    primary key (rse_id, scheme, hostname, port)
);

create table distances (
    src_rse_id  uuid    not null references rses (id) on delete cascade,
    dest_rse_id uuid    not null references rses (id) on delete cascade,
    distance    integer not null,
    created_at  timestamptz not null default now(),
    primary key (src_rse_id, dest_rse_id)
);
create index distances_dest_idx on distances (dest_rse_id);

create table rse_limits (
    rse_id uuid         not null references rses (id) on delete cascade,
    name   varchar(255) not null,
    value  bigint       not null,
    primary key (rse_id, name)
);

create table rse_usage (
    rse_id     uuid         not null references rses (id) on delete cascade,
    source     varchar(255) not null,
    used       bigint,
    free       bigint,
    files      bigint,
    updated_at timestamptz  not null default now(),
    primary key (rse_id, source)
);

create table account_limits (
    account    varchar(29) not null references accounts (account) on delete cascade,
    rse_id     uuid        not null references rses (id) on delete cascade,
    bytes      bigint      not null,
    updated_at timestamptz not null default now(),
    primary key (account, rse_id)
);

create table account_glob_limits (
    account        varchar(29)  not null references accounts (account) on delete cascade,
    rse_expression varchar(3000) not null,
    bytes          bigint       not null,
    updated_at     timestamptz  not null default now(),
    primary key (account, rse_expression)
);

create table account_usage (
    account    varchar(29) not null references accounts (account) on delete cascade,
    rse_id     uuid        not null references rses (id) on delete cascade,
    files      bigint      not null default 0,
    bytes      bigint      not null default 0,
    updated_at timestamptz not null default now(),
    primary key (account, rse_id)
);

-- File replicas. state: AVAILABLE, UNAVAILABLE, COPYING, BEING_DELETED, BAD, TEMPORARY_UNAVAILABLE.
create table replicas (
    scope       varchar(29)   not null,
    name        varchar(250)  not null,
    rse_id      uuid          not null references rses (id),
    bytes       bigint        not null,
    md5         varchar(32),
    adler32     varchar(8),
    path        varchar(1024),
    state       varchar(21)   not null default 'AVAILABLE',
    lock_cnt    integer       not null default 0,
    tombstone   timestamptz,
    accessed_at timestamptz,
    created_at  timestamptz   not null default now(),
    updated_at  timestamptz   not null default now(),
    primary key (scope, name, rse_id),
    foreign key (scope, name) references dids (scope, name)
);
create index replicas_rse_idx on replicas (rse_id, state);
create index replicas_tombstone_idx on replicas (rse_id, tombstone) where tombstone is not null;

create table bad_replicas (
    scope      varchar(29)  not null,
    name       varchar(250) not null,
    rse_id     uuid         not null references rses (id),
    reason     varchar(255),
    state      varchar(21)  not null,
    account    varchar(29),
    bytes      bigint,
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now(),
    primary key (scope, name, rse_id, state, created_at)
);
create index bad_replicas_state_idx on bad_replicas (state, rse_id);

-- Outbox of events, written in the same transaction as the change they describe.
create table messages (
    id          bigserial    primary key,
    event_type  varchar(256) not null,
    payload     jsonb        not null,
    created_at  timestamptz  not null default now()
);
