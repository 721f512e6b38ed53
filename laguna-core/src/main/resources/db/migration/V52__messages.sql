-- The outbox of events (Rucio's messages), created empty in V1: written in the same transaction as
-- the change that causes it, delivered by hermes to every configured destination, then moved to
-- the history.
-- Events with the same key (a DID's scope:name) are delivered in id order to each destination.
alter table messages add column ordering_key varchar(600) not null default '';
alter table messages alter column ordering_key drop default;
-- The destinations that already have the event (several destinations progress separately).
alter table messages add column delivered_to text[] not null default '{}';

create table messages_history (
    id            bigint        primary key,
    event_type    varchar(256)  not null,
    payload       jsonb         not null,
    ordering_key  varchar(600)  not null,
    delivered_to  text[]        not null,
    created_at    timestamptz   not null,
    delivered_at  timestamptz   not null
);

-- retention sweeps and the administrators' listings by type
create index messages_history_created_idx on messages_history (created_at);
create index messages_history_type_idx on messages_history (event_type, id);
create index messages_type_idx on messages (event_type, id);
