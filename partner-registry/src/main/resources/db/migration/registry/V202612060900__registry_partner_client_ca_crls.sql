-- The certificate revocation list a partner published for one of its client CAs: complete CRLs only,
-- one per CA, replaced by each newer publication. The signed DER itself is kept, so every node's index
-- is built from what the CA signed, not from a copy of its contents.
create table partner_client_ca_crls (
    ca_id          uuid primary key references partner_client_cas (id) on delete cascade,
    crl_der        bytea not null,
    crl_number     numeric check (crl_number >= 0),
    this_update    timestamptz not null,
    next_update    timestamptz not null,
    revoked_count  integer not null check (revoked_count >= 0),
    published_at   timestamptz not null
);

-- Where the hub fetches the CA's CRL itself (an http or https distribution point), when the partner gave one;
-- checked_at is the last attempt, which is also how one node claims a fetch for the whole cluster.
alter table partner_client_cas
    add column crl_url         text,
    add column crl_checked_at  timestamptz,
    add column crl_check_error text;
