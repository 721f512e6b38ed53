-- Rucio's metadata conventions: the keys a DID's metadata may be checked against (did_keys), with
-- the DID types they apply to, the type and regular expression of their values, and the allowed
-- values themselves (did_key_map).
create table did_keys (
    key          varchar(255)  primary key,
    is_enum      boolean       not null default false,
    key_type     varchar(10)   not null check (key_type in ('ALL', 'COLLECTION', 'CONTAINER', 'DATASET', 'FILE', 'DERIVED')),
    value_type   varchar(255),
    value_regexp varchar(255),
    created_at   timestamptz   not null default now(),
    updated_at   timestamptz   not null default now()
);
create table did_key_map (
    key        varchar(255)  not null references did_keys (key) on delete cascade,
    value      varchar(255)  not null,
    created_at timestamptz   not null default now(),
    updated_at timestamptz   not null default now(),
    primary key (key, value)
);
