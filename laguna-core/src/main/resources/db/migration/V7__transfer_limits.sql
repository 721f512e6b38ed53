-- Limits of active transfers (Rucio's transfer_limits): at most max_transfers requests SUBMITTED
-- at once into each RSE of rse_expression, of one activity or (activity null) of all. The
-- conveyor-submitter leaves requests QUEUED while a limit is reached.
create table transfer_limits (
    id             uuid          primary key,
    vo             varchar(3)    not null default 'def',
    rse_expression varchar(3000) not null,
    activity       varchar(50),
    direction      varchar(11)   not null default 'DESTINATION' check (direction in ('SOURCE', 'DESTINATION')),
    max_transfers  bigint,
    volume         bigint,
    deadline       bigint,
    strategy       varchar(25),
    transfers      bigint,
    waitings       bigint,
    created_at     timestamptz   not null default now(),
    updated_at     timestamptz   not null default now()
);
create unique index transfer_limits_selector_idx on transfer_limits (vo, rse_expression, coalesce(activity, ''), direction);

-- the poller and finisher look for requests by state; the finisher only for recorded outcomes
create index requests_outcome_idx on requests (state) where transferred_at is not null;
