-- The members of GROUP accounts (a Laguna extension): the accounts a group-based permission policy
-- treats as belonging to the group.
create table group_members (
    group_account varchar(29) not null references accounts (account) on delete cascade,
    member        varchar(29) not null references accounts (account) on delete cascade,
    created_at    timestamptz not null default now(),
    primary key (group_account, member),
    check (group_account <> member)
);
create index group_members_member_idx on group_members (member);
