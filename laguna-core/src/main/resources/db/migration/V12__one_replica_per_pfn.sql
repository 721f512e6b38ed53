-- A stored path names one file on the storage of its RSE, so at most one replica of an RSE may
-- hold it. With two, deleting either replica (the reaper, once a rule with purge_replicas is gone)
-- removes the file that the other still lists as AVAILABLE. Deterministic RSEs store no path (it
-- follows from scope:name), so the index holds the replicas of non-deterministic RSEs only; it
-- also serves the look-up of a replica by its PFN and the reaper's check for a shared file.
--
-- Replicas that already share a path are not resolved here: the catalogue cannot tell which of
-- them owns the file, and dropping either would lose a replica that may be the true one. The
-- migration stops instead, naming how many paths are shared and the first of them; an operator
-- checks the storage, removes or corrects the wrong replicas (DELETE /replicas, or declare them
-- bad) and starts Laguna again.
do $$
declare
    shared bigint;
    examples text;
begin
    select count(*), string_agg(format('%s on RSE %s (%s replicas)', path, rse_id, n), '; ')
                         filter (where rank <= 5)
      into shared, examples
      from (select rse_id, path, count(*) as n, row_number() over (order by rse_id, path) as rank
              from replicas where path is not null group by rse_id, path having count(*) > 1) duplicates;
    if shared > 0 then
        raise exception 'Cannot make replica paths unique: % path(s) are held by more than one replica of the same RSE, '
            'e.g. %. Keep one replica per path (delete or correct the others) and start again.', shared, examples
            using errcode = 'unique_violation';
    end if;
end
$$;

create unique index replicas_path_idx on replicas (rse_id, path) where path is not null;
