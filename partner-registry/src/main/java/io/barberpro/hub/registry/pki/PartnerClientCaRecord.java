package io.barberpro.hub.registry.pki;

import java.time.Instant;
import java.util.UUID;

/**
 * A registered partner client-certificate CA as the admin API shows it (the PEM stays in the database).
 *
 * @param crl       the revocation list published for it, or null when none is
 * @param crlSource where the hub fetches that list itself, or null when the partner publishes it
 */
public record PartnerClientCaRecord(UUID id, UUID partnerId, String subject, String sha256Fingerprint,
                                    Instant notBefore, Instant notAfter, Instant createdAt, ClientCaCrlRecord crl,
                                    ClientCaCrlSourceRecord crlSource) {
}
