-- DID contents carry the file's guid and events like Rucio's contents table; the history keeps
-- when the attachment was made and what the parent was created at.
alter table contents add column guid uuid;
alter table contents add column events bigint;
alter table contents add column updated_at timestamptz not null default now();

alter table contents_history add column guid uuid;
alter table contents_history add column events bigint;
alter table contents_history add column rule_evaluation boolean;
alter table contents_history add column did_created_at timestamptz;
alter table contents_history add column created_at timestamptz;
alter table contents_history add column updated_at timestamptz;

create index contents_parent_type_idx on contents (scope, name, child_type);
create index dids_scope_name_pattern_idx on dids (scope, name varchar_pattern_ops);
