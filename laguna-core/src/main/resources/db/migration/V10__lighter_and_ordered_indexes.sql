-- Files are most of the rows of dids (millions per bulk import) and three of its indexes serve
-- only other DIDs: the type index answers "the datasets (containers) of a scope", the new-DID
-- index serves subscriptions, which match collections, and the metadata index is only for DIDs
-- that have free-form metadata. Partial indexes leave the files out, so inserting a file touches
-- two indexes instead of five. A query on the type uses the partial index as long as it asks
-- for types other than FILE (the filters write them as constants).
drop index dids_type_idx;
create index dids_type_idx on dids (scope, did_type) where did_type <> 'FILE';
drop index dids_new_idx;
create index dids_new_idx on dids (created_at) where is_new and did_type <> 'FILE';
drop index dids_meta_idx;
create index dids_meta_idx on dids using gin (meta jsonb_path_ops) where meta <> '{}'::jsonb;

-- The submitter takes QUEUED requests highest priority first, oldest first: with the order in the
-- index it reads just the requests it takes, even behind millions queued by one big rule.
drop index requests_state_idx;
create index requests_state_idx on requests (state, priority desc, created_at);

-- Metadata searches look for collections (Rucio's clients ask for datasets and containers by
-- default) by the fixed columns experiments use; these indexes leave files out, so they cost
-- nothing on file registration.
create index dids_project_idx on dids (scope, project) where did_type <> 'FILE';
create index dids_datatype_idx on dids (scope, datatype) where did_type <> 'FILE';
create index dids_run_number_idx on dids (scope, run_number) where did_type <> 'FILE';
create index dids_stream_name_idx on dids (scope, stream_name) where did_type <> 'FILE';
create index dids_prod_step_idx on dids (scope, prod_step) where did_type <> 'FILE';
create index dids_version_idx on dids (scope, version) where did_type <> 'FILE';
create index dids_campaign_idx on dids (scope, campaign) where did_type <> 'FILE';
