-- Webhooks: HTTP endpoints that administrators subscribe to events. The secret signs every
-- delivery; it is stored sealed with AES-GCM under hermes.webhook.secret-key when that key is set
-- (secret_sealed), and is never returned by any API. An empty event_types list means every type.
create table webhooks (
    id            uuid          primary key,
    url           varchar(2048) not null,
    event_types   text[]        not null default '{}',
    secret        bytea         not null,
    secret_sealed boolean       not null,
    enabled       boolean       not null default true,
    created_by    varchar(29)   not null,
    created_at    timestamptz   not null
);

-- The deliveries still owed to each webhook: hermes writes one row per matching event and
-- webhook, the sender removes it once the receiver answered 2xx. A failed attempt sets the next
-- attempt's time (exponential backoff); after hermes.webhook.max-attempts failures the delivery
-- is DEAD until an administrator redelivers it. Deliveries of one webhook and ordering key go
-- out in the order of their events (message_id).
create table webhook_deliveries (
    id              bigserial     primary key,
    webhook_id      uuid          not null references webhooks (id) on delete cascade,
    message_id      bigint        not null,
    event_type      varchar(64)   not null,
    ordering_key    varchar(600)  not null,
    body            text          not null,
    state           varchar(7)    not null default 'PENDING' check (state in ('PENDING', 'DEAD')),
    attempts        integer       not null default 0,
    next_attempt_at timestamptz   not null,
    last_status     integer,
    last_error      varchar(1000),
    created_at      timestamptz   not null,
    failed_at       timestamptz,
    unique (webhook_id, message_id)
);
create index webhook_deliveries_due_idx on webhook_deliveries (message_id) where state = 'PENDING';
create index webhook_deliveries_queue_idx on webhook_deliveries (webhook_id, ordering_key, message_id) where state = 'PENDING';
create index webhook_deliveries_dead_idx on webhook_deliveries (webhook_id, id) where state = 'DEAD';
