-- The QoS policies an RSE offers (Rucio's rse_qos_map).
create table rse_qos_policies (
    rse_id     uuid        not null references rses (id) on delete cascade,
    qos_policy varchar(64) not null,
    created_at timestamptz not null default now(),
    primary key (rse_id, qos_policy)
);
