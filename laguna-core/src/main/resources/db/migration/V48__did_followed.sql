-- Accounts following a DID (Rucio's dids_followed): who is told of changes to it.
create table dids_followed (
    scope      varchar(29)  not null,
    name       varchar(250) not null,
    account    varchar(29)  not null references accounts (account) on delete cascade,
    did_type   varchar(9)   not null,
    created_at timestamptz  not null default now(),
    primary key (scope, name, account),
    foreign key (scope, name) references dids (scope, name) on delete cascade
);
create index dids_followed_account_idx on dids_followed (account);
