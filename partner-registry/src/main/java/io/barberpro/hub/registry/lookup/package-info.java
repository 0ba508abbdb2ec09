/**
 * The registry's in-memory answer to {@link io.barberpro.hub.registry.api.CredentialLookup}.
 *
 * <ul>
 *   <li>{@link io.barberpro.hub.registry.lookup.CredentialIndex}: an immutable snapshot (partners by id and by
 *   trusted issuer, API keys by prefix + SHA-256, certificates by fingerprint, partner client CAs by id,
 *   OAuth clients by id), labelled with the {@code registry_changes.version} it reflects.</li>
 *   <li>{@link io.barberpro.hub.registry.lookup.CredentialSource}: beans that fill a rebuild from PostgreSQL,
 *   all inside one read-only REPEATABLE READ transaction. The registry core supplies partners and API keys;
 *   certificates, partner client CAs, OAuth clients and trusted IdPs come from the PKI/OAuth sources.</li>
 *   <li>{@link io.barberpro.hub.registry.lookup.RegistryChanges}: every registry change transaction bumps the
 *   version row; after the commit this node rebuilds synchronously (visible when the admin call returns).</li>
 *   <li>{@link io.barberpro.hub.registry.lookup.CredentialIndexRefresher}: loads at start-up and polls the
 *   version every {@code hub.registry.refresh-interval} (default 1 s) on a daemon thread, so a change made on
 *   another cluster node is visible here within about one interval. A failed poll keeps serving the last
 *   index and retries on the next tick.</li>
 * </ul>
 */
package io.barberpro.hub.registry.lookup;
