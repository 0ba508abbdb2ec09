-- Hub PKI and OAuth2: the hub CA, edge server certificates, partner client certificates, token
-- signing keys, OAuth2 clients and partners' own IdPs. Private keys are stored sealed: AES-256-GCM
-- over PKCS#8 under the hub master key (hub.pki.master-key / master-key-file), never in clear.

-- The one hub CA every node shares; created race-free by insert ... on conflict do nothing.
create table hub_ca (
    id                  text primary key check (id = 'hub'),
    certificate_pem     text  not null,
    sealed_private_key  bytea not null,
    sha256_fingerprint  text  not null check (sha256_fingerprint ~ '^[0-9a-f]{64}$'),
    created_at          timestamptz not null
);

-- Edge server certificates issued by the hub CA, one per set of server names (nodes may differ).
create table hub_server_certificates (
    names_key           text primary key,
    certificate_pem     text  not null,
    sealed_private_key  bytea not null,
    ca_fingerprint      text  not null,
    not_after           timestamptz not null,
    created_at          timestamptz not null
);

create table client_certificates (
    id                  uuid primary key,
    partner_id          uuid not null references partners (id),
    serial_hex          text not null unique check (serial_hex ~ '^[0-9a-f]+$'),
    sha256_fingerprint  text not null unique check (sha256_fingerprint ~ '^[0-9a-f]{64}$'),
    subject             text not null,
    certificate_pem     text not null,
    -- true when the hub generated the key pair and handed it out once as PKCS#12 (never stored)
    key_generated       boolean not null,
    not_before          timestamptz not null,
    not_after           timestamptz not null,
    created_at          timestamptz not null,
    revoked_at          timestamptz,
    revocation_reason   text,
    check (not_after > not_before)
);
create index client_certificates_partner on client_certificates (partner_id);

-- ES256 signing keys. ACTIVE signs; RETIRING is still published in the JWKS until retire_after
-- (token lifetime + margin) so tokens signed before a rotation keep verifying; RETIRED is gone.
create table token_signing_keys (
    kid                 text primary key,
    algorithm           text not null,
    public_jwk          text not null,
    sealed_private_key  bytea not null,
    state               text not null check (state in ('ACTIVE', 'RETIRING', 'RETIRED')),
    created_at          timestamptz not null,
    retiring_since      timestamptz,
    retire_after        timestamptz,
    check ((state = 'ACTIVE') = (retire_after is null))
);
create unique index token_signing_keys_one_active on token_signing_keys (state) where state = 'ACTIVE';

create table oauth_clients (
    client_id           text primary key check (client_id ~ '^[A-Za-z0-9_-]{8,64}$'),
    partner_id          uuid  not null references partners (id),
    -- SHA-256 of a 256-bit random secret; see OAuthClientService for why a fast hash is enough
    secret_sha256       bytea not null check (octet_length(secret_sha256) = 32),
    scopes              text[] not null,
    created_at          timestamptz not null,
    revoked_at          timestamptz
);
create index oauth_clients_partner on oauth_clients (partner_id);

-- A partner that brings its own IdP: the gateway accepts JWTs from this issuer for this partner.
create table partner_trusted_idps (
    partner_id          uuid primary key references partners (id),
    issuer              text not null unique,
    jwks_uri            text not null,
    audience            text not null,
    updated_at          timestamptz not null
);
