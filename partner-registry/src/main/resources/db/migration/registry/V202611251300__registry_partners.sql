-- Rate-limit plans: quota requests per window, optionally a short spike window.
create table plans (
    name                  text primary key check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    quota                 bigint  not null check (quota > 0),
    window_seconds        integer not null check (window_seconds > 0),
    spike_quota           bigint  check (spike_quota > 0),
    spike_window_seconds  integer check (spike_window_seconds > 0),
    description           text,
    created_at            timestamptz not null default now(),
    check ((spike_quota is null) = (spike_window_seconds is null))
);

insert into plans (name, quota, window_seconds, description)
values ('standard', 50000, 3600, 'Default plan: 50,000 requests per hour, whole budget usable at once');

create table partners (
    id                      uuid primary key,
    slug                    text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    legal_name              text not null,
    country                 char(2) not null,
    contact_email           text not null,
    status                  text not null check (status in ('PENDING', 'ACTIVE', 'SUSPENDED', 'OFFBOARDED')),
    plan_name               text not null references plans (name),
    -- per-partner rate-limit override; all null = use the plan
    override_quota          bigint  check (override_quota > 0),
    override_window_seconds integer check (override_window_seconds > 0),
    override_spike_quota    bigint  check (override_spike_quota > 0),
    override_spike_window_seconds integer check (override_spike_window_seconds > 0),
    -- authentication policy: comma-free arrays of MTLS / OAUTH2_JWT / API_KEY
    auth_allowed            text[] not null default array['MTLS', 'OAUTH2_JWT', 'API_KEY'],
    auth_required           text[] not null default array[]::text[],
    created_at              timestamptz not null,
    updated_at              timestamptz not null,
    version                 bigint not null default 0
);

create table partner_status_transitions (
    id           bigserial primary key,
    partner_id   uuid not null references partners (id),
    from_status  text,
    to_status    text not null,
    actor        text not null,
    reason       text,
    occurred_at  timestamptz not null
);
create index partner_status_transitions_partner on partner_status_transitions (partner_id, occurred_at);
