-- Subscriptions: standing orders that the transmogrifier turns into rules on every new matching DID.
create table subscriptions (
    id                uuid          primary key,
    vo                varchar(3)    not null references vos (vo),
    account           varchar(29)   not null references accounts (account) on delete cascade,
    name              varchar(64)   not null,
    filter            text          not null,
    replication_rules text          not null,
    policyid          integer       not null default 3,
    state             varchar(10)   not null default 'ACTIVE',
    retroactive       boolean       not null default false,
    comments          varchar(4000),
    expired_at        timestamptz,
    last_processed    timestamptz,
    created_at        timestamptz   not null,
    updated_at        timestamptz   not null,
    constraint subscriptions_state_chk check (state in ('ACTIVE', 'INACTIVE', 'NEW', 'UPDATED', 'BROKEN')),
    constraint subscriptions_account_name_uq unique (account, name)
);
create index subscriptions_name_idx on subscriptions (name);

-- the rules a subscription made
create index rules_subscription_idx on rules (subscription_id) where subscription_id is not null;
