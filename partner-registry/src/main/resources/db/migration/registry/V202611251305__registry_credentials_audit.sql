-- API keys: only the SHA-256 of the whole key is stored, next to its visible prefix.
create table api_keys (
    id           uuid primary key,
    partner_id   uuid not null references partners (id),
    prefix       text not null unique,
    key_hash     bytea not null unique check (octet_length(key_hash) = 32),
    scopes       text[] not null default array[]::text[],
    description  text,
    created_at   timestamptz not null,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    revoked_reason text
);
create index api_keys_partner on api_keys (partner_id);

-- Every admin change, written in the transaction of the change. before/after never hold secrets.
create table audit_log (
    id           bigserial primary key,
    occurred_at  timestamptz not null,
    actor        text not null,
    action       text not null,
    target_type  text not null,
    target_id    text not null,
    partner_id   uuid,
    before       jsonb,
    after        jsonb,
    request_id   text
);
create index audit_log_partner on audit_log (partner_id, id);

-- Idempotent admin operations (onboarding). The response holds secrets, so it is stored encrypted
-- with a key derived from the Idempotency-Key itself (which is stored only as a hash) and kept 24 h.
create table idempotency_records (
    key_hash        bytea primary key,
    operation       text not null,
    request_hash    bytea not null,
    response_status integer not null,
    response_nonce  bytea not null,
    response_sealed bytea not null,
    created_at      timestamptz not null,
    expires_at      timestamptz not null
);
create index idempotency_records_expiry on idempotency_records (expires_at);

-- One row: bumped by every registry change transaction; every node polls it and rebuilds its
-- in-memory credential index when it moves.
create table registry_changes (
    id          boolean primary key default true check (id),
    version     bigint not null,
    changed_at  timestamptz not null
);
insert into registry_changes (id, version, changed_at) values (true, 0, now());
