-- One row per running daemon instance (process x thread). An instance refreshes updated_at at
-- every cycle; its rank among the rows of the same daemon updated within the heartbeat timeout
-- gives its share of the work. Rows older than the timeout are dead: ignored, then purged.
create table heartbeats (
    daemon        varchar(64)   not null,
    hostname      varchar(255)  not null,
    pid           bigint        not null,
    thread_number integer       not null,
    thread_name   varchar(128)  not null,
    payload       varchar(3000),
    created_at    timestamptz   not null default now(),
    updated_at    timestamptz   not null default now(),
    primary key (daemon, hostname, pid, thread_number)
);
create index heartbeats_daemon_updated_at_idx on heartbeats (daemon, updated_at);
