-- Usage kept incrementally, in the transaction of the change that causes it.
--
-- RSE usage of source 'rucio': the bytes and files of the replicas the catalogue holds on an RSE,
-- every state except COPYING (bytes not written yet). Statement-level triggers on replicas add
-- what a statement inserted, subtract what it deleted and apply what an update moved (a state
-- change into or out of COPYING, a changed size), once per RSE and statement, whichever code
-- path wrote the replicas. Account usage (locks per account and RSE) is kept by the rule engine.

-- Adds per-RSE deltas (rse_id, bytes, files) to the 'rucio' rows, in RSE order so that two
-- statements never wait for each other crosswise.
create function replicas_usage_inserted() returns trigger language plpgsql as $$
begin
    insert into rse_usage (rse_id, source, used, free, files, updated_at)
    select rse_id, 'rucio', sum(bytes), null, count(*), now() from new_rows where state <> 'COPYING' group by rse_id order by rse_id
    on conflict (rse_id, source) do update set used = coalesce(rse_usage.used, 0) + excluded.used,
        files = coalesce(rse_usage.files, 0) + excluded.files, updated_at = excluded.updated_at;
    return null;
end
$$;

create function replicas_usage_deleted() returns trigger language plpgsql as $$
begin
    insert into rse_usage (rse_id, source, used, free, files, updated_at)
    select rse_id, 'rucio', -sum(bytes), null, -count(*), now() from old_rows where state <> 'COPYING' group by rse_id order by rse_id
    on conflict (rse_id, source) do update set used = coalesce(rse_usage.used, 0) + excluded.used,
        files = coalesce(rse_usage.files, 0) + excluded.files, updated_at = excluded.updated_at;
    return null;
end
$$;

create function replicas_usage_updated() returns trigger language plpgsql as $$
begin
    insert into rse_usage (rse_id, source, used, free, files, updated_at)
    select rse_id, 'rucio', sum(b), null, sum(f), now() from (
            select rse_id, bytes as b, 1 as f from new_rows where state <> 'COPYING'
            union all
            select rse_id, -bytes, -1 from old_rows where state <> 'COPYING') moved
        group by rse_id having sum(b) <> 0 or sum(f) <> 0 order by rse_id
    on conflict (rse_id, source) do update set used = coalesce(rse_usage.used, 0) + excluded.used,
        files = coalesce(rse_usage.files, 0) + excluded.files, updated_at = excluded.updated_at;
    return null;
end
$$;

create trigger replicas_usage_insert after insert on replicas referencing new table as new_rows
    for each statement execute function replicas_usage_inserted();
create trigger replicas_usage_delete after delete on replicas referencing old table as old_rows
    for each statement execute function replicas_usage_deleted();
create trigger replicas_usage_update after update on replicas referencing old table as old_rows new table as new_rows
    for each statement execute function replicas_usage_updated();

-- the counters of what is already there
insert into rse_usage (rse_id, source, used, free, files, updated_at)
select rse_id, 'rucio', sum(bytes), null, count(*), now() from replicas where state <> 'COPYING' group by rse_id
on conflict (rse_id, source) do update set used = excluded.used, files = excluded.files, updated_at = excluded.updated_at;

-- the transfer matrix reads finished requests of a time window
create index requests_history_updated_at_idx on requests_history (updated_at);
