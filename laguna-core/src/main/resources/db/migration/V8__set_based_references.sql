-- References of the two tables that grow by millions of rows at a time (dids and replicas) are
-- checked once per statement instead of once per row.
--
-- A foreign key in PostgreSQL runs one lookup per inserted row and locks the referenced row
-- (FOR KEY SHARE, a WAL record per row): on a bulk import of 50,000 files that was two thirds of
-- the time spent inserting replicas. The triggers below keep the guarantees with one set-based
-- query per statement:
--   * inserting a row whose referenced row is missing fails with SQLSTATE 23503, as a foreign key
--     violation does;
--   * deleting a referenced row that is still referenced fails the same way (NO ACTION);
--   * the referencing columns (and a DID's key) cannot be changed by an update: nothing in Laguna
--     does, a row is deleted and inserted instead.
-- Instead of a row lock per inserted row, the rare delete of a referenced row takes a SHARE lock
-- on the referencing table before it looks for references: it waits for every transaction that
-- is inserting there to end (and then sees what they inserted), and inserts that start meanwhile
-- wait for the delete to end (and then see the row gone). Deleting DIDs or RSEs therefore pauses
-- replica inserts for the length of that transaction.
-- The queries run through EXECUTE so that each is planned for the size of its own statement
-- (a cached plan made for one row would be wrong for a million and the other way round).

alter table dids drop constraint dids_scope_fkey;
alter table dids drop constraint dids_account_fkey;
alter table replicas drop constraint replicas_scope_name_fkey;
alter table replicas drop constraint replicas_rse_id_fkey;

create function laguna_reference_violation(child text, keys text, parent text) returns void
language plpgsql as $$
begin
    raise exception 'insert or update on table "%" violates a reference to table "%"', child, parent
        using errcode = 'foreign_key_violation',
              constraint = child || '_' || parent || '_reference',
              detail = format('Key %s is not present in table "%s".', keys, parent);
end $$;

create function laguna_still_referenced(parent text, keys text, child text) returns void
language plpgsql as $$
begin
    raise exception 'delete on table "%" violates a reference from table "%"', parent, child
        using errcode = 'foreign_key_violation',
              constraint = child || '_' || parent || '_reference',
              detail = format('Key %s is still referenced from table "%s".', keys, child);
end $$;

-- dids -> scopes, accounts
create function dids_check_references() returns trigger
language plpgsql as $$
declare
    scope_list text[];
    account_list text[];
    present bigint;
begin
    execute 'select array_agg(distinct scope), array_agg(distinct account) from new_dids' into scope_list, account_list;
    execute 'select count(*) from scopes s where s.scope = any($1)' into present using scope_list;
    if present <> cardinality(scope_list) then
        perform laguna_reference_violation('dids', format('(scope)=(%s)', (select min(u) from unnest(scope_list) u
            where not exists (select 1 from scopes s where s.scope = u))), 'scopes');
    end if;
    execute 'select count(*) from accounts a where a.account = any($1)' into present using account_list;
    if present <> cardinality(account_list) then
        perform laguna_reference_violation('dids', format('(account)=(%s)', (select min(u) from unnest(account_list) u
            where not exists (select 1 from accounts a where a.account = u))), 'accounts');
    end if;
    return null;
end $$;

create trigger dids_references after insert on dids
    referencing new table as new_dids for each statement execute function dids_check_references();

-- replicas -> dids, rses
create function replicas_check_references() returns trigger
language plpgsql as $$
declare
    present bigint;
    wanted bigint;
    rse_list uuid[];
    missing text;
begin
    execute 'select count(*) from dids d where (d.scope, d.name) in (select scope, name from new_replicas)' into present;
    execute 'select count(*) from (select distinct scope, name from new_replicas) x' into wanted;
    if present <> wanted then
        execute 'select format(''(scope, name)=(%s, %s)'', n.scope, n.name) from new_replicas n'
             || ' where not exists (select 1 from dids d where d.scope = n.scope and d.name = n.name) limit 1' into missing;
        perform laguna_reference_violation('replicas', missing, 'dids');
    end if;
    execute 'select array_agg(distinct rse_id) from new_replicas' into rse_list;
    execute 'select count(*) from rses r where r.id = any($1)' into present using rse_list;
    if present <> cardinality(rse_list) then
        perform laguna_reference_violation('replicas', format('(rse_id)=(%s)', (select min(u::text) from unnest(rse_list) u
            where not exists (select 1 from rses r where r.id = u))), 'rses');
    end if;
    return null;
end $$;

create trigger replicas_references after insert on replicas
    referencing new table as new_replicas for each statement execute function replicas_check_references();

-- the referencing columns, and the key of a DID, do not change
create function laguna_immutable_reference() returns trigger
language plpgsql as $$
begin
    raise exception 'the columns of table "%" that reference other tables cannot be updated', tg_table_name
        using errcode = 'foreign_key_violation';
end $$;

create trigger dids_references_fixed before update on dids for each row
    when (old.scope is distinct from new.scope or old.name is distinct from new.name or old.account is distinct from new.account)
    execute function laguna_immutable_reference();

create trigger replicas_references_fixed before update on replicas for each row
    when (old.scope is distinct from new.scope or old.name is distinct from new.name or old.rse_id is distinct from new.rse_id)
    execute function laguna_immutable_reference();

-- a referenced row is not deleted (nor its key changed) while referenced
create function dids_check_not_referenced() returns trigger
language plpgsql as $$
declare
    used text;
    files boolean;
begin
    -- only files have replicas: deleting collections does not hold up replica writes
    execute 'select exists (select 1 from old_dids where did_type = ''FILE'')' into files;
    if not files then
        return null;
    end if;
    lock table replicas in share mode;
    execute 'select format(''(scope, name)=(%s, %s)'', r.scope, r.name) from replicas r'
         || ' where (r.scope, r.name) in (select scope, name from old_dids) limit 1' into used;
    if used is not null then
        perform laguna_still_referenced('dids', used, 'replicas');
    end if;
    return null;
end $$;

create trigger dids_not_referenced after delete on dids
    referencing old table as old_dids for each statement execute function dids_check_not_referenced();

create function rses_check_not_referenced() returns trigger
language plpgsql as $$
declare
    used text;
begin
    lock table replicas in share mode;
    execute 'select format(''(rse_id)=(%s)'', r.rse_id) from replicas r'
         || ' where r.rse_id in (select id from old_rses) limit 1' into used;
    if used is not null then
        perform laguna_still_referenced('rses', used, 'replicas');
    end if;
    return null;
end $$;

create trigger rses_not_referenced after delete on rses
    referencing old table as old_rses for each statement execute function rses_check_not_referenced();

create function scopes_check_not_referenced() returns trigger
language plpgsql as $$
declare
    used text;
begin
    lock table dids in share mode;
    execute 'select format(''(scope)=(%s)'', d.scope) from dids d'
         || ' where d.scope in (select scope from old_scopes) limit 1' into used;
    if used is not null then
        perform laguna_still_referenced('scopes', used, 'dids');
    end if;
    return null;
end $$;

create trigger scopes_not_referenced after delete on scopes
    referencing old table as old_scopes for each statement execute function scopes_check_not_referenced();

create function accounts_check_not_referenced() returns trigger
language plpgsql as $$
declare
    used text;
begin
    lock table dids in share mode;
    execute 'select format(''(account)=(%s)'', d.account) from dids d'
         || ' where d.account in (select account from old_accounts) limit 1' into used;
    if used is not null then
        perform laguna_still_referenced('accounts', used, 'dids');
    end if;
    return null;
end $$;

create trigger accounts_not_referenced after delete on accounts
    referencing old table as old_accounts for each statement execute function accounts_check_not_referenced();


-- contents -> dids (the collection and its child), deleted with either
alter table contents drop constraint contents_scope_name_fkey;
alter table contents drop constraint contents_child_scope_child_name_fkey;

create function contents_check_references() returns trigger
language plpgsql as $$
declare
    present bigint;
    wanted bigint;
    missing text;
begin
    execute 'select count(*) from dids d where (d.scope, d.name) in (select scope, name from new_contents)' into present;
    execute 'select count(*) from (select distinct scope, name from new_contents) x' into wanted;
    if present <> wanted then
        execute 'select format(''(scope, name)=(%s, %s)'', n.scope, n.name) from new_contents n'
             || ' where not exists (select 1 from dids d where d.scope = n.scope and d.name = n.name) limit 1' into missing;
        perform laguna_reference_violation('contents', missing, 'dids');
    end if;
    execute 'select count(*) from dids d where (d.scope, d.name) in (select child_scope, child_name from new_contents)' into present;
    execute 'select count(*) from (select distinct child_scope, child_name from new_contents) x' into wanted;
    if present <> wanted then
        execute 'select format(''(child_scope, child_name)=(%s, %s)'', n.child_scope, n.child_name) from new_contents n'
             || ' where not exists (select 1 from dids d where d.scope = n.child_scope and d.name = n.child_name) limit 1' into missing;
        perform laguna_reference_violation('contents', missing, 'dids');
    end if;
    return null;
end $$;

create trigger contents_references after insert on contents
    referencing new table as new_contents for each statement execute function contents_check_references();

create trigger contents_references_fixed before update on contents for each row
    when (old.scope is distinct from new.scope or old.name is distinct from new.name
          or old.child_scope is distinct from new.child_scope or old.child_name is distinct from new.child_name)
    execute function laguna_immutable_reference();

-- Deleting DIDs deletes their contents rows, as the collection or as the child. The lock waits for
-- attachments in flight (and keeps new ones waiting) so none is left pointing at a deleted DID;
-- it is self-exclusive so that two deletes do not wait on each other's lock upgrade.
create function dids_delete_contents() returns trigger
language plpgsql as $$
begin
    lock table contents in share row exclusive mode;
    execute 'delete from contents c where (c.scope, c.name) in (select scope, name from old_dids)';
    execute 'delete from contents c where (c.child_scope, c.child_name) in (select scope, name from old_dids)';
    return null;
end $$;

create trigger dids_contents_cascade after delete on dids
    referencing old table as old_dids for each statement execute function dids_delete_contents();
