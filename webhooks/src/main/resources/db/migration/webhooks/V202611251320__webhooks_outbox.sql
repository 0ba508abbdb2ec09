-- Webhooks module: outbox, endpoints, deliveries, attempt log. No foreign keys to registry tables
-- (module ownership): partner ids are plain UUIDs here.

-- The outbox. A row exists iff the transaction that caused it committed. seq is the global
-- insertion order; ordered endpoints use their own per-endpoint counter (see webhook_deliveries).
create table webhook_events (
    id                    uuid primary key,
    seq                   bigint generated always as identity unique,
    type                  text not null,
    partner_id            uuid not null,
    payload               jsonb not null,
    occurred_at           timestamptz not null,
    recorded_at           timestamptz not null,
    published_to_kafka_at timestamptz
);
create index webhook_events_unpublished on webhook_events (seq) where published_to_kafka_at is null;
create index webhook_events_partner on webhook_events (partner_id, seq);

create table webhook_endpoints (
    id                     uuid primary key,
    partner_id             uuid not null,
    url                    text not null,
    description            text,
    -- empty = every event type
    event_types            text[] not null default array[]::text[],
    enabled                boolean not null default true,
    disabled_reason        text,
    ordered                boolean not null default false,
    -- per-endpoint counter handed out under this row's lock, so order_seq follows commit order
    order_counter          bigint not null default 0,
    rate_limit_per_second  integer check (rate_limit_per_second > 0),
    rate_window            bigint,
    rate_count             integer not null default 0,
    custom_headers         jsonb not null default '{}'::jsonb,
    failing_since          timestamptz,
    created_at             timestamptz not null,
    updated_at             timestamptz not null
);
create index webhook_endpoints_partner on webhook_endpoints (partner_id);

-- HMAC needs the secret itself, so it is stored as issued; several may be active during a rotation.
create table webhook_endpoint_secrets (
    id           uuid primary key,
    endpoint_id  uuid not null references webhook_endpoints (id) on delete cascade,
    secret       text not null check (secret like 'whsec\_%'),
    created_at   timestamptz not null,
    expires_at   timestamptz
);
create index webhook_endpoint_secrets_endpoint on webhook_endpoint_secrets (endpoint_id);

create table webhook_deliveries (
    id               bigint generated always as identity primary key,
    event_id         uuid not null references webhook_events (id),
    endpoint_id      uuid not null references webhook_endpoints (id) on delete cascade,
    order_seq        bigint not null,
    status           text not null check (status in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,
    lease_until      timestamptz,
    lease_token      uuid,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz not null,
    delivered_at     timestamptz,
    unique (event_id, endpoint_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING';
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, status, order_seq);

create table webhook_attempts (
    id             bigint generated always as identity primary key,
    delivery_id    bigint not null references webhook_deliveries (id) on delete cascade,
    event_id       uuid not null,
    endpoint_id    uuid not null,
    attempt        integer not null,
    attempted_at   timestamptz not null,
    outcome        text not null check (outcome in ('DELIVERED', 'FAILED', 'DEAD', 'GONE')),
    status_code    integer,
    latency_ms     integer not null,
    response_body  text,
    error          text,
    worker         text not null
);
create index webhook_attempts_endpoint on webhook_attempts (endpoint_id, id desc);
create index webhook_attempts_event on webhook_attempts (event_id, id);
