-- Files inside archive files (Rucio's archive_contents): a zip file DID lists its constituents,
-- each with the size and checksums it has inside the archive. dids.is_archive marks an archive and
-- the datasets holding one; dids.constituent marks a file that lives inside at least one archive.
alter table dids add column is_archive boolean;
alter table dids add column constituent boolean;

create table archive_contents (
    scope       varchar(29)  not null,
    name        varchar(250) not null,
    child_scope varchar(29)  not null,
    child_name  varchar(250) not null,
    bytes       bigint       not null,
    adler32     varchar(8),
    md5         varchar(32),
    guid        uuid,
    length      bigint,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    primary key (scope, name, child_scope, child_name),
    foreign key (scope, name) references dids (scope, name) on delete cascade,
    foreign key (child_scope, child_name) references dids (scope, name) on delete cascade
);
create index archive_contents_child_idx on archive_contents (child_scope, child_name);
