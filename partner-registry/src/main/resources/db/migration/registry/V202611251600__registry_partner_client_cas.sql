-- Client-certificate CAs a partner registered itself: a leaf that chains to one authenticates as
-- that partner without being registered one by one. The public key is unique across partners so a
-- validated chain names exactly one partner (PKIX trusts an anchor by its key, not by its name).
create table partner_client_cas (
    id                  uuid primary key,
    partner_id          uuid not null references partners (id),
    subject             text not null,
    sha256_fingerprint  text not null check (sha256_fingerprint ~ '^[0-9a-f]{64}$'),
    public_key_sha256   text not null unique check (public_key_sha256 ~ '^[0-9a-f]{64}$'),
    certificate_pem     text not null,
    not_before          timestamptz not null,
    not_after           timestamptz not null,
    created_at          timestamptz not null
);

create index partner_client_cas_partner on partner_client_cas (partner_id);
