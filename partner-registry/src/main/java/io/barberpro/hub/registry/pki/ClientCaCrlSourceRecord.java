package io.barberpro.hub.registry.pki;

import java.net.URI;
import java.time.Instant;

/**
 * Where the hub fetches a partner client CA's revocation list itself, as the admin API shows it.
 *
 * @param checkedAt  the last fetch attempt
 * @param lastError  why the last attempt published nothing (the list before it stays in force), or null after a
 *                   fetch that published the list or found it unchanged
 */
public record ClientCaCrlSourceRecord(URI url, Instant checkedAt, String lastError) {
}
