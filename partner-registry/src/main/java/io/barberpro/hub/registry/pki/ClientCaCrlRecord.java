package io.barberpro.hub.registry.pki;

import java.time.Instant;

/**
 * The revocation list published for a partner client CA, as the admin API shows it.
 *
 * @param crlNumber the CA's cRLNumber in decimal (a string: it may be 20 octets long), or null when the CA does
 *                  not number its lists
 */
public record ClientCaCrlRecord(String crlNumber, Instant thisUpdate, Instant nextUpdate, int revokedCount,
                                Instant publishedAt) {
}
