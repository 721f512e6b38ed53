-- Rucio's configuration table: options by section, set through /config by administrators. Where
-- Laguna reads a key live ({section}.{option}, e.g. reaper.batch), a row here overrides the
-- server's configuration file and environment.
create table configs (
    section    varchar(128)  not null,
    opt        varchar(128)  not null,
    value      varchar(4000) not null,
    created_at timestamptz   not null default now(),
    updated_at timestamptz   not null default now(),
    primary key (section, opt)
);
