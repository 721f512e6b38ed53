-- Suspicious declarations are counted per replica until the replica-recoverer acts on them
-- (declares the replica bad, or reports it as the last copy): handled ones are stamped and no
-- longer counted.
alter table bad_replicas add column handled_at timestamptz;

-- the replica-recoverer's loop query: unhandled suspicious declarations within the window
create index bad_replicas_suspicious_idx on bad_replicas (created_at, scope, name, rse_id)
    where state = 'SUSPICIOUS' and handled_at is null;

-- The last storage consistency check of each RSE (laguna rse check, the auditor daemon).
create table rse_checks (
    rse_id     uuid        primary key references rses (id) on delete cascade,
    checked_at timestamptz not null,
    report     jsonb       not null
);
