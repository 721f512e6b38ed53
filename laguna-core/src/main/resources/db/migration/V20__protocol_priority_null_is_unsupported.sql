-- A protocol's priority for an operation: 0 and up is a priority (0 the best), null means the
-- protocol does not do that operation, as in Rucio. Until now 0 stood for "not supported", so the
-- zeros already stored become null and keep their meaning.
alter table rse_protocols
    alter column read_lan drop not null, alter column read_lan drop default,
    alter column write_lan drop not null, alter column write_lan drop default,
    alter column delete_lan drop not null, alter column delete_lan drop default,
    alter column read_wan drop not null, alter column read_wan drop default,
    alter column write_wan drop not null, alter column write_wan drop default,
    alter column delete_wan drop not null, alter column delete_wan drop default,
    alter column third_party_copy_read drop not null, alter column third_party_copy_read drop default,
    alter column third_party_copy_write drop not null, alter column third_party_copy_write drop default;

update rse_protocols set
    read_lan = nullif(read_lan, 0), write_lan = nullif(write_lan, 0), delete_lan = nullif(delete_lan, 0),
    read_wan = nullif(read_wan, 0), write_wan = nullif(write_wan, 0), delete_wan = nullif(delete_wan, 0),
    third_party_copy_read = nullif(third_party_copy_read, 0),
    third_party_copy_write = nullif(third_party_copy_write, 0);
